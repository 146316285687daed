namespace Ladder.Contracts.Names;

/// <summary>A user id: 1–64 chars of <c>[A-Za-z0-9_.-]</c>. The chat nodes, the archiver and the console share this
/// one rule, so a name one of them accepts is never refused by another.</summary>
public static class UserIds
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
