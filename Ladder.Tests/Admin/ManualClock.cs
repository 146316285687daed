namespace Ladder.Tests.Admin;

/// <summary>A clock the test moves by hand, to put the sign-in limits' edges exactly where it wants them.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
