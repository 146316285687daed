namespace Ladder.Admin.Services;

/// <summary>The chat log stream's state: size, sequence range and its consumers.</summary>
public sealed record StreamSummary(
    string Name,
    long Messages,
    long Bytes,
    ulong FirstSeq,
    ulong LastSeq,
    long DeletedMessages,
    IReadOnlyList<ConsumerSummary> Consumers);
