using System.Text.RegularExpressions;

namespace Ladder.Archiver.Moderation;

/// <summary>Checks a command's names against the protocol's rules before anything is written.</summary>
internal static partial class ModerationValidation
{
    public const int MaxReasonLength = 1000;

    public static void Room(string? room)
    {
        if (room is null || !RoomPattern().IsMatch(room))
        {
            throw new ModerationRefusedException($"invalid room '{room}'");
        }
    }

    public static void User(string? user)
    {
        if (user is null || !UserPattern().IsMatch(user))
        {
            throw new ModerationRefusedException($"invalid user '{user}'");
        }
    }

    public static void Moderator(string? moderator, string? reason)
    {
        if (string.IsNullOrWhiteSpace(moderator) || moderator.Length > 64)
        {
            throw new ModerationRefusedException("a moderator name of 1–64 characters is required");
        }

        if (reason is { Length: > MaxReasonLength })
        {
            throw new ModerationRefusedException($"reason longer than {MaxReasonLength} characters");
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex RoomPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex UserPattern();
}
