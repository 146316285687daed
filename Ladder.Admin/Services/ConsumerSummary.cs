namespace Ladder.Admin.Services;

/// <summary>One JetStream consumer of the chat log: how far behind it is.</summary>
public sealed record ConsumerSummary(string Name, ulong Pending, int AckPending, int Redelivered, ulong DeliveredSeq);
