namespace Ladder.ChatNode.Access;

/// <summary>
/// What the app's backend granted a user: read (and, with <see cref="Send"/>, post to) the rooms <see cref="Pattern"/>
/// names, until <see cref="ExpiresAt"/>. A pattern is a room name, or a prefix followed by <c>*</c>
/// (<c>team:acme-*</c>).
/// </summary>
internal sealed record RoomGrant(string Pattern, bool Send, DateTimeOffset ExpiresAt)
{
    public bool Matches(string room) =>
        Pattern.EndsWith('*')
            ? room.StartsWith(Pattern.AsSpan(0, Pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(Pattern, room, StringComparison.Ordinal);
}
