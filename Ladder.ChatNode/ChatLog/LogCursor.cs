using Ladder.ChatNode.Protocol;
using NATS.Client.JetStream;

namespace Ladder.ChatNode.ChatLog;

/// <summary>
/// One room's entries from a seq on, through one short-lived filtered consumer: created with the count of what it
/// will deliver (<see cref="Pending"/>), read once, deleted on dispose.
/// </summary>
internal sealed class LogCursor(INatsJSConsumer consumer, Func<INatsJSConsumer, Task> delete) : IAsyncDisposable
{
    /// <summary>The room's entries from the start seq on when the cursor was opened.</summary>
    public ulong Pending => consumer.Info.NumPending;

    /// <summary>
    /// The entries up to <paramref name="toSeq"/>, in order, decoded into frames. Stops at the first entry past
    /// <paramref name="toSeq"/> or when the log has no more.
    /// </summary>
    public async IAsyncEnumerable<OutboundFrame> ReadAsync(ulong toSeq, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in ReadEntriesAsync(toSeq, cancellationToken))
        {
            if (LogEntryFrames.FrameOf(entry.Subject, entry.Metadata?.Sequence.Stream ?? 0, entry.Headers, entry.Data, out _) is { } frame)
            {
                yield return frame;
            }
        }
    }

    /// <summary>The raw entries up to <paramref name="toSeq"/>, in order, undecodable ones included (the fan-out
    /// must see those too).</summary>
    public async IAsyncEnumerable<INatsJSMsg<byte[]>> ReadEntriesAsync(ulong toSeq, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var remaining = Pending;
        while (remaining > 0)
        {
            var received = 0;
            var batch = (int)Math.Min(remaining, 256);
            await foreach (var entry in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = batch }, cancellationToken: cancellationToken))
            {
                received++;
                remaining--;
                var seq = entry.Metadata?.Sequence.Stream ?? 0;
                if (seq > toSeq)
                {
                    yield break;
                }

                yield return entry;
            }

            if (received == 0)
            {
                // Entries removed since the count (a moderator's hard delete, age limits): nothing more to read.
                yield break;
            }
        }
    }

    public async ValueTask DisposeAsync() => await delete(consumer);
}
