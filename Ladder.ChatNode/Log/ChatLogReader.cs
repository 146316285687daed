using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.ChatNode.Log;

/// <summary>
/// Reads one room's part of the log: its head, how many entries lie past a seq, and the entries of a seq range.
/// Each read uses a short-lived filtered consumer; the live stream is the fan-out's business, not this class's.
/// </summary>
public sealed class ChatLogReader(INatsJSContext jetStream)
{
    /// <summary>Past this, an abandoned reader consumer is removed by the server itself.</summary>
    private static readonly TimeSpan ConsumerIdle = TimeSpan.FromSeconds(30);

    /// <summary>The room's latest seq, 0 when it has none.</summary>
    public async Task<ulong> HeadAsync(string room, CancellationToken cancellationToken)
    {
        try
        {
            var response = await jetStream.JSRequestResponseAsync<StreamMsgGetRequest, StreamMsgGetResponse>(
                $"{jetStream.Opts.Prefix}.STREAM.MSG.GET.{NatsSubjects.ChatStream}",
                new StreamMsgGetRequest { LastBySubj = NatsSubjects.Room(room) },
                cancellationToken);
            return response.Message.Seq;
        }
        catch (NatsJSApiException exception) when (exception.Error.Code == 404)
        {
            return 0;
        }
        catch (Exception exception) when (exception is NatsException && exception is not NatsJSApiException)
        {
            throw new LogUnavailableException("the message log is unreachable", exception);
        }
    }

    /// <summary>How many of the room's entries have a seq of at least <paramref name="fromSeq"/> right now.</summary>
    public async Task<ulong> CountFromAsync(string room, ulong fromSeq, CancellationToken cancellationToken)
    {
        var consumer = await CreateReaderAsync(room, fromSeq, cancellationToken);
        try
        {
            return consumer.Info.NumPending;
        }
        finally
        {
            await DeleteQuietlyAsync(consumer);
        }
    }

    /// <summary>
    /// The room's entries with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/>, in order, decoded into
    /// frames. Stops at the first entry past <paramref name="toSeq"/> or when the log has no more.
    /// </summary>
    public async IAsyncEnumerable<OutboundFrame> ReadAsync(
        string room,
        ulong fromSeq,
        ulong toSeq,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = await CreateReaderAsync(room, fromSeq, cancellationToken);
        try
        {
            var remaining = consumer.Info.NumPending;
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

                    if (LogEntryDecoder.Decode(entry.Subject, seq, entry.Headers, entry.Data, out _) is { } frame)
                    {
                        yield return frame;
                    }
                }

                if (received == 0)
                {
                    // Entries removed since the count (a moderator's hard delete, age limits): nothing more to read.
                    yield break;
                }
            }
        }
        finally
        {
            await DeleteQuietlyAsync(consumer);
        }
    }

    private async Task<INatsJSConsumer> CreateReaderAsync(string room, ulong fromSeq, CancellationToken cancellationToken)
    {
        try
        {
            return await jetStream.CreateOrUpdateConsumerAsync(NatsSubjects.ChatStream, new ConsumerConfig
            {
                // Named but not durable: the client puts the filter into the API subject, which needs a name before it.
                Name = $"read-{Guid.NewGuid():N}",
                FilterSubject = NatsSubjects.Room(room),
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = Math.Max(fromSeq, 1),
                AckPolicy = ConsumerConfigAckPolicy.None,
                MemStorage = true,
                NumReplicas = 1,
                InactiveThreshold = ConsumerIdle,
            }, cancellationToken);
        }
        catch (NatsException exception)
        {
            throw new LogUnavailableException("the message log is unreachable", exception);
        }
    }

    private async Task DeleteQuietlyAsync(INatsJSConsumer consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await jetStream.DeleteConsumerAsync(NatsSubjects.ChatStream, consumer.Info.Name, timeout.Token);
        }
        catch (Exception exception) when (exception is NatsException or OperationCanceledException)
        {
            // The inactivity threshold removes it anyway.
        }
    }
}
