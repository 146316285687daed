using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Protocol;

/// <summary>The frame and text rules of the protocol, shared by every transport and the HTTP API (room and user names:
/// <see cref="RoomNames"/> and <see cref="UserIds"/>, shared with the archiver and the console).</summary>
internal static class FrameValidation
{
    public const int MaxClientMsgIdLength = 64;

    /// <summary>The direct-message namespace: <c>dm:a,b</c>, users sorted by ordinal and distinct.</summary>
    public const string DirectMessages = "dm";

    /// <summary>1–64 printable ASCII chars.</summary>
    public static bool IsValidClientMsgId(string? clientMsgId)
    {
        if (string.IsNullOrEmpty(clientMsgId) || clientMsgId.Length > MaxClientMsgIdLength)
        {
            return false;
        }

        foreach (var c in clientMsgId)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public static FrameError? CheckRoom(string? room) => room switch
    {
        null => new FrameError(ErrorCodes.BadFrame, "room is missing"),
        _ when !RoomNames.IsValid(room) => new FrameError(ErrorCodes.InvalidRoom, "room must be " + RoomNames.Rule),
        _ => null,
    };

    /// <summary>The checks of a send, in the order a client would want them reported.</summary>
    public static FrameError? CheckSend(string? room, string? clientMsgId, string? text, int maxTextLength)
    {
        if (CheckRoom(room) is { } roomError)
        {
            return roomError;
        }

        if (clientMsgId is null)
        {
            return new FrameError(ErrorCodes.BadFrame, "clientMsgId is missing");
        }

        if (!IsValidClientMsgId(clientMsgId))
        {
            return new FrameError(ErrorCodes.BadFrame, "clientMsgId must be 1-64 printable ASCII chars");
        }

        if (text is null)
        {
            return new FrameError(ErrorCodes.BadFrame, "text is missing");
        }

        if (text.Length > maxTextLength)
        {
            return new FrameError(ErrorCodes.TooLarge, $"text is longer than {maxTextLength} characters");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new FrameError(ErrorCodes.BadFrame, "text is empty");
        }

        if (!IsStorableText(text))
        {
            return new FrameError(ErrorCodes.BadFrame, "text holds NUL or an unpaired surrogate");
        }

        return null;
    }

    /// <summary>
    /// False for a text holding U+0000 or an unpaired surrogate: PostgreSQL refuses NUL in text columns (the archive
    /// would isolate the entry and it would never reach history), and a lone surrogate has no UTF-8 form to store.
    /// </summary>
    public static bool IsStorableText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
