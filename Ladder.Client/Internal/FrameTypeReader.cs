namespace Ladder.Client.Internal;

/// <summary>Finds a frame's <c>type</c> without materializing anything; the server writes it first, so this reads one property.</summary>
internal static class FrameTypeReader
{
    public static ServerFrameKind Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ServerFrameKind.Unknown;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                if (!reader.Read())
                {
                    return ServerFrameKind.Unknown;
                }

                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? Classify(ref reader) : ServerFrameKind.Unknown;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A malformed frame is ignored like an unknown one: the protocol may grow, the client must not crash.
        }

        return ServerFrameKind.Unknown;
    }

    private static ServerFrameKind Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("message"u8) ? ServerFrameKind.Message
        : reader.ValueTextEquals("ack"u8) ? ServerFrameKind.Ack
        : reader.ValueTextEquals("typing"u8) ? ServerFrameKind.Typing
        : reader.ValueTextEquals("presence"u8) ? ServerFrameKind.Presence
        : reader.ValueTextEquals("pong"u8) ? ServerFrameKind.Pong
        : reader.ValueTextEquals("joined"u8) ? ServerFrameKind.Joined
        : reader.ValueTextEquals("synced"u8) ? ServerFrameKind.Synced
        : reader.ValueTextEquals("deleted"u8) ? ServerFrameKind.Deleted
        : reader.ValueTextEquals("history"u8) ? ServerFrameKind.History
        : reader.ValueTextEquals("error"u8) ? ServerFrameKind.Error
        : reader.ValueTextEquals("welcome"u8) ? ServerFrameKind.Welcome
        : reader.ValueTextEquals("left"u8) ? ServerFrameKind.Left
        : reader.ValueTextEquals("refreshed"u8) ? ServerFrameKind.Refreshed
        : reader.ValueTextEquals("truncated"u8) ? ServerFrameKind.Truncated
        : ServerFrameKind.Unknown;
}
