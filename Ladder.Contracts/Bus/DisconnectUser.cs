namespace Ladder.Contracts.Bus;

/// <summary>Command to every chat node (the server API's disconnect): close the user's sessions, or only
/// <see cref="Session"/>, with 4003. Unlike a kick it is not a moderation action; the node that took the call audited it.</summary>
public sealed record DisconnectUser(string User, string? Session, string By, DateTimeOffset At);
