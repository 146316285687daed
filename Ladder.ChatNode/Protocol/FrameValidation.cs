using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Protocol;

/// <summary>The identifier and text rules of the protocol (v1, and v1.1's namespaced rooms), shared by every transport and the HTTP API.</summary>
internal static class FrameValidation
{
    /// <summary>A v1 room name (no namespace): 1–64 chars of <c>[a-z0-9_-]</c>.</summary>
    public const int MaxPlainRoomLength = 64;

    /// <summary>A namespace: 1–32 chars of <c>[a-z0-9_-]</c>.</summary>
    public const int MaxNamespaceLength = 32;

    /// <summary>What follows the namespace's colon: 1–132 chars of <c>[A-Za-z0-9_.,:-]</c> (two user ids and a comma
    /// fit).</summary>
    public const int MaxRoomRestLength = 132;

    /// <summary>The longest room name of all: a namespaced one.</summary>
    public const int MaxRoomLength = MaxNamespaceLength + 1 + MaxRoomRestLength;

    public const int MaxClientMsgIdLength = 64;

    /// <summary>The direct-message namespace: <c>dm:a,b</c>, users sorted by ordinal and distinct.</summary>
    public const string DirectMessages = "dm";

    /// <summary>A v1 room (1–64 chars of <c>[a-z0-9_-]</c>) or, since v1.1, <c>ns:rest</c>; a <c>dm:</c> room must
    /// name two distinct valid user ids in ordinal order, so each conversation has exactly one name.</summary>
    public static bool IsValidRoom(string? room)
    {
        if (string.IsNullOrEmpty(room))
        {
            return false;
        }

        var colon = room.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return room.Length <= MaxPlainRoomLength && IsPlainName(room);
        }

        var ns = room.AsSpan(0, colon);
        var rest = room.AsSpan(colon + 1);
        if (ns.Length > MaxNamespaceLength || !IsPlainName(ns) || rest.IsEmpty || rest.Length > MaxRoomRestLength)
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ',' or ':' or '-'))
            {
                return false;
            }
        }

        return !ns.SequenceEqual(DirectMessages) || DirectMessageUsers(room) is not null;
    }

    /// <summary>The two users of a well-formed <c>dm:a,b</c> room, else null.</summary>
    public static (string First, string Second)? DirectMessageUsers(string room)
    {
        if (!room.StartsWith(DirectMessages + ":", StringComparison.Ordinal))
        {
            return null;
        }

        var users = room[(DirectMessages.Length + 1)..].Split(',');
        return users.Length == 2 && Auth.UserIds.IsValid(users[0]) && Auth.UserIds.IsValid(users[1])
            && string.CompareOrdinal(users[0], users[1]) < 0
                ? (users[0], users[1])
                : null;
    }

    /// <summary>The namespace of a valid room name; null for a v1 room.</summary>
    public static string? NamespaceOf(string room) =>
        room.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? room[..colon] : null;

    /// <summary>Chars of <c>[a-z0-9_-]</c>: a v1 room, or a namespace.</summary>
    public static bool IsPlainName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

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
        _ when !IsValidRoom(room) => new FrameError(
            ErrorCodes.InvalidRoom, "room must be 1-64 chars of [a-z0-9_-], or ns:rest (ns 1-32 of [a-z0-9_-], rest 1-132 of [A-Za-z0-9_.,:-]; dm:a,b sorted)"),
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
