namespace Ladder.Contracts.State;

/// <summary>One open connection of a user, as the admin console lists it.</summary>
public sealed record UserSession(string Session, string Node, string Transport, DateTimeOffset ConnectedAt, IReadOnlyList<string> Rooms);
