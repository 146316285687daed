namespace Ladder.Admin.Services;

/// <summary>A room in the rooms list: who is online now, and its activity from the archive.</summary>
public sealed record RoomSummary(string Room, int Online, long MessagesLastHour, DateTimeOffset? LastMessageAt, ulong LastSeq);
