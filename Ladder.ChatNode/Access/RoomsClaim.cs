using System.Text.Json;
using Ladder.Contracts.Names;

namespace Ladder.ChatNode.Access;

/// <summary>
/// The <c>rooms</c> claim of a connection token: an object of room names or patterns (a prefix and <c>*</c>) to
/// <c>"read"</c> or <c>"read+send"</c>, e.g. <c>{"team:acme":"read+send","news:*":"read"}</c>.
/// </summary>
internal static class RoomsClaim
{
    public const string Name = "rooms";

    public const string Read = "read";

    public const string ReadSend = "read+send";

    /// <summary>The grants of the claim; null when it is malformed (the token is then refused whole: a backend's
    /// mistake shows at once instead of as rooms that quietly stay closed).</summary>
    public static IReadOnlyList<RoomGrant>? Parse(JsonElement claim, DateTimeOffset expiresAt)
    {
        if (claim.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var grants = new List<RoomGrant>();
        foreach (var entry in claim.EnumerateObject())
        {
            var send = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() switch
            {
                Read => false,
                ReadSend => true,
                _ => (bool?)null,
            } : null;
            if (send is null || !IsValidPattern(entry.Name))
            {
                return null;
            }

            grants.Add(new RoomGrant(entry.Name, send.Value, expiresAt));
        }

        return grants;
    }

    /// <summary>A room name, or a namespaced prefix and a final <c>*</c> (<c>team:*</c>, <c>team:acme-*</c>).</summary>
    public static bool IsValidPattern(string pattern)
    {
        if (!pattern.EndsWith('*'))
        {
            return RoomNames.IsValid(pattern);
        }

        var prefix = pattern[..^1];
        var colon = prefix.IndexOf(':', StringComparison.Ordinal);
        // Only within a namespace: a bare "*" would reach every namespace, which no backend means.
        return colon > 0 && RoomNames.IsPlainName(prefix.AsSpan(0, colon))
            && (colon == prefix.Length - 1 || RoomNames.IsValid(prefix));
    }
}
