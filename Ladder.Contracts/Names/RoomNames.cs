namespace Ladder.Contracts.Names;

/// <summary>
/// The protocol's room names (v1, and v1.1's namespaced rooms), shared by the chat nodes, the archiver's moderation
/// and the admin console: a room a node serves can always be muted, closed or searched, never refused as malformed.
/// </summary>
public static class RoomNames
{
    /// <summary>A v1 room name (no namespace): 1–64 chars of <c>[a-z0-9_-]</c>.</summary>
    public const int MaxPlainLength = 64;

    /// <summary>A namespace: 1–32 chars of <c>[a-z0-9_-]</c>.</summary>
    public const int MaxNamespaceLength = 32;

    /// <summary>What follows the namespace's colon: 1–132 chars of <c>[A-Za-z0-9_.,:-]</c> (two user ids and a comma
    /// fit).</summary>
    public const int MaxRestLength = 132;

    /// <summary>The longest room name of all: a namespaced one.</summary>
    public const int MaxLength = MaxNamespaceLength + 1 + MaxRestLength;

    /// <summary>The direct-message namespace: <c>dm:a,b</c>, users sorted by ordinal and distinct.</summary>
    public const string DirectMessages = "dm";

    /// <summary>What <see cref="IsValid"/> accepts, in words for an error message.</summary>
    public const string Rule = "1-64 chars of [a-z0-9_-], or ns:rest (ns 1-32 of [a-z0-9_-], rest 1-132 of [A-Za-z0-9_.,:-]; dm:a,b sorted)";

    /// <summary>A v1 room (1–64 chars of <c>[a-z0-9_-]</c>) or, since v1.1, <c>ns:rest</c>; a <c>dm:</c> room must
    /// name two distinct valid user ids in ordinal order, so each conversation has exactly one name.</summary>
    public static bool IsValid(string? room)
    {
        if (string.IsNullOrEmpty(room))
        {
            return false;
        }

        var colon = room.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return room.Length <= MaxPlainLength && IsPlainName(room);
        }

        var ns = room.AsSpan(0, colon);
        var rest = room.AsSpan(colon + 1);
        if (ns.Length > MaxNamespaceLength || !IsPlainName(ns) || rest.IsEmpty || rest.Length > MaxRestLength)
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
        return users.Length == 2 && UserIds.IsValid(users[0]) && UserIds.IsValid(users[1])
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
}
