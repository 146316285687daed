using System.Globalization;
using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>A moment in the viewer's time zone (as the browser reported it, see <see cref="ViewerClock"/>), with the
/// UTC time on hover.</summary>
public sealed partial class LocalTime
{
    [Parameter, EditorRequired]
    public DateTimeOffset? Value { get; set; }

    [CascadingParameter]
    private ViewerClock? Clock { get; set; }

    private string Iso => Value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";

    private string Utc => Display.Time(Value);

    private string Local => Value is { } value && value != DateTimeOffset.MinValue
        ? (Clock ?? ViewerClock.Utc).ToLocal(value).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (Clock?.IsUtc != false ? "Z" : "")
        : "—";
}
