namespace Ladder.ChatNode.Auth;

/// <summary>Who a validated token speaks for, and until when.</summary>
internal sealed record ChatUser(string Id, DateTimeOffset ExpiresAt);
