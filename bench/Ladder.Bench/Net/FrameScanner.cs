using System.Text.Json;

namespace Ladder.Bench.Net;

/// <summary>
/// A minimal scan of one server frame with <see cref="Utf8JsonReader"/>: the type, seq/head and where the text is.
/// Allocates nothing, so 100,000 deliveries a second cost the generator as little as possible.
/// </summary>
public static class FrameScanner
{
    public static FrameInfo Scan(ReadOnlySpan<byte> frame)
    {
        var info = default(FrameInfo);
        var reader = new Utf8JsonReader(frame);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    info.Kind = KindOf(reader.ValueSpan);
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                    {
                        info.Seq = reader.GetUInt64();
                    }
                }
                else if (reader.ValueTextEquals("head"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                    {
                        info.Head = reader.GetUInt64();
                    }
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                    {
                        // Unescaped: the value is a slice of the frame, one past the opening quote.
                        info.TextStart = (int)reader.TokenStartIndex + 1;
                        info.TextLength = reader.ValueSpan.Length;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            info.Kind = FrameKind.Other;
        }

        return info;
    }

    private static FrameKind KindOf(ReadOnlySpan<byte> type) => type switch
    {
        _ when type.SequenceEqual("message"u8) => FrameKind.Message,
        _ when type.SequenceEqual("ack"u8) => FrameKind.Ack,
        _ when type.SequenceEqual("joined"u8) => FrameKind.Joined,
        _ when type.SequenceEqual("synced"u8) => FrameKind.Synced,
        _ when type.SequenceEqual("welcome"u8) => FrameKind.Welcome,
        _ when type.SequenceEqual("truncated"u8) => FrameKind.Truncated,
        _ when type.SequenceEqual("error"u8) => FrameKind.Error,
        _ when type.SequenceEqual("pong"u8) => FrameKind.Pong,
        _ => FrameKind.Other,
    };
}
