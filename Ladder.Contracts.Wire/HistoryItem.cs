namespace Ladder.Contracts.Wire;

/// <summary>One message of a history page (<see cref="HistoryFrame"/>, <see cref="HistoryResponse"/>).</summary>
/// <param name="Seq">The message's sequence number in the room.</param>
/// <param name="Sender">The user who posted it.</param>
/// <param name="Text">The text; null (and written as null) when the message was deleted.</param>
/// <param name="Ts">When it was stored: RFC 3339 UTC, as in <see cref="MessageFrame.Ts"/>.</param>
/// <param name="ClientMsgId">The sender's idempotency key.</param>
/// <param name="Deleted">True when a moderator removed it.</param>
public sealed record HistoryItem(
    ulong Seq,
    string Sender,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Text,
    string Ts,
    string ClientMsgId,
    bool Deleted);
