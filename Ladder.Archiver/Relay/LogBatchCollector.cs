using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.JetStream;

namespace Ladder.Archiver.Relay;

/// <summary>
/// Cuts the entries received from JetStream into batches: as many as are at hand, up to a count and a byte size, waiting
/// at most the linger time after a batch's first entry for more to arrive. Under a backlog every batch is full at once;
/// under light load a batch is what arrived within the linger time.
/// </summary>
internal sealed class LogBatchCollector(ChannelReader<INatsJSMsg<byte[]>> entries, int maxCount, int maxBytes, TimeSpan linger)
{
    /// <summary>The next batch (never empty), or null once the entries are complete.</summary>
    public async ValueTask<List<INatsJSMsg<byte[]>>?> NextAsync(CancellationToken cancellationToken)
    {
        if (!await entries.WaitToReadAsync(cancellationToken))
        {
            return null;
        }

        var batch = new List<INatsJSMsg<byte[]>>(Math.Min(maxCount, 256));
        var bytes = 0L;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            while (batch.Count < maxCount && entries.TryPeek(out var entry))
            {
                var size = SizeOf(entry);
                if (batch.Count > 0 && bytes + size > maxBytes)
                {
                    return batch;
                }

                entries.TryRead(out _);
                batch.Add(entry);
                bytes += size;
            }

            var remaining = linger - Stopwatch.GetElapsedTime(started);
            if (batch.Count >= maxCount || remaining <= TimeSpan.Zero)
            {
                return batch;
            }

            // Ended (or failed: the next call reports it) or lingered long enough: the batch goes as it is.
            var more = entries.WaitToReadAsync(cancellationToken).AsTask();
            await Task.WhenAny(more, Task.Delay(remaining, cancellationToken));
            if (!more.IsCompletedSuccessfully || !more.Result)
            {
                return batch;
            }
        }
    }

    private static long SizeOf(INatsJSMsg<byte[]> entry) => (entry.Data?.Length ?? 0) + entry.Subject.Length;
}
