namespace Ladder.Admin.Services;

/// <summary>What the audit log page asks for; blank fields do not filter.</summary>
public sealed record AuditFilter(string? Moderator = null, string? Action = null, string? Room = null, string? User = null, int Limit = 100)
{
    public const int MaxLimit = 500;

    /// <summary>The same filter with blanks as nulls and the limit in range.</summary>
    public AuditFilter Normalized() => new(Blank(Moderator), Blank(Action), Blank(Room), Blank(User), Math.Clamp(Limit, 1, MaxLimit));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
