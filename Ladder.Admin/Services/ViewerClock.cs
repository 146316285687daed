namespace Ladder.Admin.Services;

/// <summary>The viewer's time zone, as the browser named it (IANA id); UTC until it is known or when it is unknown here.</summary>
public sealed class ViewerClock(TimeZoneInfo zone)
{
    public static ViewerClock Utc { get; } = new(TimeZoneInfo.Utc);

    public bool IsUtc => zone == TimeZoneInfo.Utc;

    public DateTimeOffset ToLocal(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, zone);

    public static ViewerClock FromId(string? id) =>
        !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? new ViewerClock(zone) : Utc;
}
