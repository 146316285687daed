using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.ChatNode.ChatLog;

/// <summary>
/// Reads one room's part of the log: its head, how many entries lie past a seq, and the entries of a seq range.
/// Counting and reading use a short-lived filtered consumer (one for both when a <see cref="LogCursor"/> is read after
/// its count); the live stream is the fan-out's business, not this class's.
/// </summary>
internal sealed class ChatLogReader(INatsJSContext jetStream)
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
        await using var cursor = await OpenAsync(room, fromSeq, cancellationToken);
        return cursor.Pending;
    }

    /// <summary>
    /// A cursor over the room's entries from <paramref name="fromSeq"/> on: one short-lived consumer, which says how
    /// many there are (<see cref="LogCursor.Pending"/>) and then reads them. Dispose it to delete the consumer.
    /// </summary>
    public async Task<LogCursor> OpenAsync(string room, ulong fromSeq, CancellationToken cancellationToken) =>
        new(await CreateReaderAsync(room, fromSeq, cancellationToken), DeleteQuietlyAsync);

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
