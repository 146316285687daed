namespace Ladder.Admin.Services;

/// <summary>One JetStream consumer of the chat log: how far behind it is.</summary>
/// <param name="Role">What the consumer is (see <see cref="ConsumerRole"/>); its name when unknown.</param>
public sealed record ConsumerSummary(string Name, ulong Pending, int AckPending, int Redelivered, ulong DeliveredSeq, string? Role = null);
