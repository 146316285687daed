namespace Ladder.Contracts.State;

/// <summary>A user is typing in a room (published on <see cref="RedisKeys.TypingSignals"/>, never stored).</summary>
public sealed record TypingSignal(string Room, string User);
