namespace Ladder.Admin.Services;

/// <summary>One recent trace: its root span's name, how long it took end to end, and the services it crossed.</summary>
public sealed record SlowTrace(string TraceId, string Name, TimeSpan Duration, DateTimeOffset StartedAt, IReadOnlyList<string> Resources);
