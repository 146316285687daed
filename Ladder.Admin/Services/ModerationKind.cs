namespace Ladder.Admin.Services;

public enum ModerationKind
{
    Mute,
    Ban,
    Kick,
}
