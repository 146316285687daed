namespace Ladder.Client.Internal;

/// <summary>Exponential backoff with jitter, so that the clients of a killed node do not all come back at once.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int failures, TimeSpan min, TimeSpan max)
    {
        if (failures <= 0)
        {
            // Right after a drop: reconnect soon, spread over one base window.
            return min * Random.Shared.NextDouble();
        }

        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30)));
        // Equal jitter: never less than half the step, so repeated failures really back off.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
