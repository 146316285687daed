using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
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
/// <remarks>A reader consumer has one replica, placed by the cluster on any server of the stream, and reads that
/// server's copy: after a failover that copy may still be catching up, so a consumer can answer short. What must be
/// complete up to a seq the caller knows exists (a gap fill, a resume's replay) is finished with
/// <see cref="ReadFromLeaderAsync"/>: <c>STREAM.MSG.GET</c> is answered by the stream leader only, which holds every
/// acknowledged entry (unlike <c>DIRECT.GET</c>, which with <c>allow_direct</c> any replica answers).</remarks>
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

    /// <summary>The room's first entry with a seq of at least <paramref name="fromSeq"/>, as the stream leader holds
    /// it; null when the room has none.</summary>
    public async Task<LeaderEntry?> NextFromLeaderAsync(string room, ulong fromSeq, CancellationToken cancellationToken)
    {
        try
        {
            var response = await jetStream.JSRequestResponseAsync<StreamMsgGetRequest, StreamMsgGetResponse>(
                $"{jetStream.Opts.Prefix}.STREAM.MSG.GET.{NatsSubjects.ChatStream}",
                new StreamMsgGetRequest { Seq = Math.Max(fromSeq, 1), NextBySubj = NatsSubjects.Room(room) },
                cancellationToken);
            var message = response.Message;
            return new LeaderEntry(message.Seq, message.Subject, HeadersOf(message.Hdrs), message.Data.ToArray());
        }
        catch (NatsJSApiException exception) when (exception.Error.Code == 404)
        {
            return null;
        }
        catch (Exception exception) when (exception is NatsException && exception is not NatsJSApiException)
        {
            throw new LogUnavailableException("the message log is unreachable", exception);
        }
    }

    /// <summary>The room's entries with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/>, in order, each
    /// read from the stream leader: one request per entry, for what a consumer may have missed.</summary>
    public async IAsyncEnumerable<LeaderEntry> ReadFromLeaderAsync(string room, ulong fromSeq, ulong toSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = fromSeq;
        while (next <= toSeq && await NextFromLeaderAsync(room, next, cancellationToken) is { } entry && entry.Seq <= toSeq)
        {
            yield return entry;
            next = entry.Seq + 1;
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

    /// <summary>The stored header block (base64 of <c>NATS/1.0\r\nName: value…</c>) as headers.</summary>
    private static NatsHeaders? HeadersOf(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }

        var headers = new NatsHeaders();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Convert.FromBase64String(encoded)));
        return new NatsHeaderParser(Encoding.UTF8).ParseHeaders(reader, headers) ? headers : null;
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
