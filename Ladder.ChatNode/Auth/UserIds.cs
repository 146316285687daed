namespace Ladder.ChatNode.Auth;

/// <summary>A user id: 1–64 chars of <c>[A-Za-z0-9_.-]</c>.</summary>
internal static class UserIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? user)
    {
        if (string.IsNullOrEmpty(user) || user.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in user)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
