using System.Buffers.Binary;

namespace Ladder.ChatNode.Transport;

/// <summary>RFC 6455 framing of server-to-client text messages: one final frame, unmasked (servers never mask).</summary>
internal static class WebSocketFraming
{
    private const byte FinalText = 0x81;

    public static int HeaderLength(int payloadLength) => payloadLength switch
    {
        < 126 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    public static int FrameLength(int payloadLength) => HeaderLength(payloadLength) + payloadLength;

    /// <summary>Writes the frame into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteText(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        destination[0] = FinalText;
        int header;
        if (payload.Length < 126)
        {
            destination[1] = (byte)payload.Length;
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }
}
