namespace Ladder.Contracts.Wire;

/// <summary>Client → server: post <see cref="Text"/>; <c>(room, user, clientMsgId)</c> is the idempotency key.</summary>
public sealed record SendFrame(string Room, string ClientMsgId, string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Send;
}
