namespace Ladder.Contracts.Wire;

/// <summary>Body of the server API's mute, ban and kick (every field optional).</summary>
/// <param name="Reason">Shown in the audit log and in the close reason of a kick or ban.</param>
/// <param name="Until">When a mute or ban ends; absent for one without end.</param>
/// <param name="Room">A mute's room; absent for a mute everywhere.</param>
public sealed record ServerModerationRequest(string? Reason = null, DateTimeOffset? Until = null, string? Room = null);
