namespace Ladder.ChatNode.ServerApi;

/// <summary>A verified server API key: its id, its name (the actor of its audit rows) and its scopes.</summary>
internal sealed record ApiCaller(string Id, string Name, IReadOnlyList<string> Scopes);
