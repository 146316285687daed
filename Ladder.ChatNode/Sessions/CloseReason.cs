using System.Text;

namespace Ladder.ChatNode.Sessions;

/// <summary>
/// A WebSocket close reason fits in 123 UTF-8 bytes (RFC 6455 5.5: a control frame's payload is at most 125 bytes,
/// two of them the code); <c>CloseOutputAsync</c> throws on a longer one and the socket is then aborted without its
/// code. Reasons built from free text (a moderator's kick or ban reason) are cut here, on a character boundary.
/// </summary>
internal static class CloseReason
{
    public const int MaxUtf8Bytes = 123;

    public static string Fit(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxUtf8Bytes)
        {
            return reason;
        }

        var bytes = 0;
        var length = 0;
        foreach (var rune in reason.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxUtf8Bytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return reason[..length];
    }
}
