using Ladder.Contracts.Names;

namespace Ladder.Archiver.Moderation;

/// <summary>Checks a command's names against the protocol's rules before anything is written: the same rules as the
/// chat nodes (<see cref="RoomNames"/>, <see cref="UserIds"/>), so every room a node serves, <c>team:x</c> and
/// <c>dm:a,b</c> included, can be muted in, closed and cleaned up.</summary>
internal static class ModerationValidation
{
    public const int MaxReasonLength = 1000;

    public static void Room(string? room)
    {
        if (room is null || !RoomNames.IsValid(room))
        {
            throw new ModerationRefusedException($"invalid room '{room}'");
        }
    }

    public static void User(string? user)
    {
        if (user is null || !UserIds.IsValid(user))
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
}
