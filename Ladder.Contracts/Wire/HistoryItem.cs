namespace Ladder.Contracts.Wire;

/// <summary>One message of a history page; <see cref="Text"/> is null (and written as null) when deleted.</summary>
public sealed record HistoryItem(
    ulong Seq,
    string Sender,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Text,
    string Ts,
    string ClientMsgId,
    bool Deleted);
