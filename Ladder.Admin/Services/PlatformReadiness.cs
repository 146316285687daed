using Microsoft.Extensions.Options;

namespace Ladder.Admin.Services;

/// <summary>
/// When the platform had finished starting, as the console sees it: the first sample in which every source it reads
/// answered (a chat node reporting, the archive's progress readable — the schema applied — and the archived messages),
/// or <see cref="AdminOptions.StartupGrace"/> after the console started, whichever comes first, so a platform that never
/// settles does not hide its errors for long. The problems panel treats what was logged before as start-up noise.
/// </summary>
internal sealed class PlatformReadiness(IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly DateTimeOffset startedAt = time.GetUtcNow();
    private long settledTicks;

    /// <summary>When the platform settled; null while it is still starting.</summary>
    public DateTimeOffset? SettledAt
    {
        get
        {
            var ticks = Interlocked.Read(ref settledTicks);
            if (ticks != 0)
            {
                return new DateTimeOffset(ticks, TimeSpan.Zero);
            }

            var deadline = startedAt + options.Value.StartupGrace;
            return time.GetUtcNow() >= deadline ? deadline : null;
        }
    }

    /// <summary>Records that every source answered at <paramref name="at"/>; only the first call counts.</summary>
    public void MarkSettled(DateTimeOffset at)
    {
        var deadline = startedAt + options.Value.StartupGrace;
        Interlocked.CompareExchange(ref settledTicks, (at < deadline ? at : deadline).UtcTicks, 0);
    }
}
