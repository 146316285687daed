using System.Diagnostics;
using System.Threading.Channels;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using Ladder.Contracts.Log;
using Ladder.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.Archiver.Relay;

/// <summary>
/// Relays the chat log to RabbitMQ in batches. A durable JetStream pull consumer, shared by every archiver instance, hands
/// out the entries; consecutive ones are published through MassTransit as one mandatory <see cref="LogEntriesStored"/>, and
/// each is acked to JetStream only after RabbitMQ confirmed that a queue holds the batch. Anything short of that leaves the
/// entries unacked, so JetStream delivers them again: at least once, never lost. Duplicates are harmless downstream (writes
/// are idempotent on seq). Several batches wait for their confirms at once (<see cref="RelayOptions.MaxBatchesInFlight"/>).
/// </summary>
internal sealed partial class ChatLogRelay(
    INatsJSContext jetStream,
    IBus bus,
    ArchiveMetrics metrics,
    IOptions<RelayOptions> options,
    ILogger<ChatLogRelay> logger) : BackgroundService
{
    /// <summary>
    /// Links from a batch's span to the traces of its entries: enough to find a few of the chat node publishes it carries,
    /// few enough that a batch of a thousand does not cost a thousand links in every exporter.
    /// </summary>
    private const int MaxTraceLinks = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limits = options.Value;
        var delay = limits.FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var consumer = await CreateConsumerAsync(stoppingToken);
                delay = limits.FirstRetryDelay;
                await RelayAsync(consumer, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Stream not created yet (the chat nodes own it), consumer deleted, NATS down, anything unforeseen: the
                // relay must outlive it (an exception here would stop the whole service), so wait and start over.
                LogRelayRestart(delay, exception.Message);
                await Task.Delay(delay, stoppingToken);
                delay = Min(delay * 2, limits.MaxRetryDelay);
            }
        }

        LogRelayStopped();
    }

    private async Task<INatsJSConsumer> CreateConsumerAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // Throws NatsJSApiException (stream not found) until a chat node has created the stream; the archiver never does.
        await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
        var consumer = await jetStream.CreateOrUpdateConsumerAsync(NatsSubjects.ChatStream, new ConsumerConfig(limits.ConsumerName)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = limits.AckWait,
            MaxAckPending = limits.MaxAckPending,
            FilterSubject = NatsSubjects.AllRooms,
            NumReplicas = limits.Replicas,
        }, cancellationToken);
        LogConsumerReady(limits.ConsumerName, consumer.Info.NumPending, consumer.Info.NumAckPending);
        return consumer;
    }

    private async Task RelayAsync(INatsJSConsumer consumer, CancellationToken stoppingToken)
    {
        var limits = options.Value;
        // Bounded, so that JetStream hands out no more while batches wait for their confirms.
        var received = Channel.CreateBounded<INatsJSMsg<byte[]>>(new BoundedChannelOptions(limits.BatchSize * 2)
        {
            SingleWriter = true,
        });
        // A fixed set of workers, each publishing one batch at a time: at most MaxBatchesInFlight batches wait for
        // confirms, and a broker outage slows every worker down instead of piling up tasks.
        var batches = Channel.CreateBounded<List<INatsJSMsg<byte[]>>>(new BoundedChannelOptions(1)
        {
            SingleWriter = true,
        });
        var workers = Enumerable.Range(0, limits.MaxBatchesInFlight)
            .Select(_ => Task.Run(() => WorkAsync(batches.Reader, stoppingToken), CancellationToken.None))
            .ToArray();
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var receiving = Task.Run(() => ReceiveAsync(consumer, received.Writer, stopReceiving.Token), CancellationToken.None);
        try
        {
            var collector = new LogBatchCollector(received.Reader, limits.BatchSize, limits.BatchBytes, limits.BatchLinger);
            while (await collector.NextAsync(stoppingToken) is { } batch)
            {
                await batches.Writer.WriteAsync(batch, stoppingToken);
            }
        }
        finally
        {
            // The batches already cut are still published (unless the service is stopping); entries received but not
            // yet batched are simply not acked: JetStream redelivers them after AckWait.
            batches.Writer.TryComplete();
            await stopReceiving.CancelAsync();
            await Task.WhenAll(workers);
            await receiving;
        }
    }

    /// <summary>Moves what JetStream hands out into <paramref name="received"/>; completes it with the reason it stopped.</summary>
    private async Task ReceiveAsync(INatsJSConsumer consumer, ChannelWriter<INatsJSMsg<byte[]>> received, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // Room for the batches in flight, the one being handed over and the one being collected.
        var consumeOptions = new NatsJSConsumeOpts
        {
            MaxMsgs = Math.Min(limits.BatchSize * (limits.MaxBatchesInFlight + 2), limits.MaxAckPending),
        };
        try
        {
            await foreach (var entry in consumer.ConsumeAsync<byte[]>(opts: consumeOptions, cancellationToken: cancellationToken))
            {
                await received.WriteAsync(entry, cancellationToken);
            }

            received.TryComplete();
        }
        catch (Exception exception)
        {
            received.TryComplete(exception);
        }
    }

    private async Task WorkAsync(ChannelReader<List<INatsJSMsg<byte[]>>> batches, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var delay = limits.FirstRetryDelay;
        try
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                try
                {
                    if (await RelayBatchAsync(batch, cancellationToken))
                    {
                        delay = limits.FirstRetryDelay;
                        continue;
                    }

                    // The broker is down or refusing: hand the entries back for later and slow down.
                    foreach (var entry in batch)
                    {
                        await entry.NakAsync(new AckOpts { NakDelay = delay }, CancellationToken.None);
                    }
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // An ack or nak that did not reach NATS: the entries come back after AckWait. The worker must live on,
                    // or the batches would pile up behind it.
                    LogBatchFailed(batch.Count, exception.Message);
                }

                await Task.Delay(delay, cancellationToken);
                delay = Min(delay * 2, limits.MaxRetryDelay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> RelayBatchAsync(List<INatsJSMsg<byte[]>> entries, CancellationToken cancellationToken)
    {
        var firstSeq = entries[0].Metadata?.Sequence.Stream ?? 0;
        var lastSeq = entries[^1].Metadata?.Sequence.Stream ?? 0;
        using var activity = StartActivity(entries, firstSeq, lastSeq);
        var batch = Decode(entries);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // Mandatory: unroutable (no queue bound yet) must fail the publish, not be confirmed and silently dropped.
            await bus.Publish<LogEntriesStored>(batch, LadderBusExtensions.Mandatory, timeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            LogPublishFailed(entries.Count, firstSeq, lastSeq, exception.GetType().Name, exception.Message);
            return false;
        }

        // The broker holds them now; a lost ack only means one more harmless redelivery. Each entry is acked on its own:
        // AckAll would also ack entries this instance has not relayed (batches confirm out of order, and other instances
        // share the consumer).
        foreach (var entry in entries)
        {
            await entry.AckAsync(cancellationToken: CancellationToken.None);
        }

        metrics.Relayed(entries.Count);
        return true;
    }

    private static LogEntriesStored Decode(List<INatsJSMsg<byte[]>> entries)
    {
        var messages = new List<MessageStored>(entries.Count);
        var tombstones = new List<TombstoneStored>();
        var rejected = new List<LogEntryRejected>();
        foreach (var entry in entries)
        {
            var seq = entry.Metadata?.Sequence.Stream ?? 0;
            switch (LogEntryEvents.EventOf(entry.Subject, seq, entry.Headers, entry.Data ?? []))
            {
                case MessageStored message:
                    messages.Add(message);
                    break;
                case TombstoneStored tombstone:
                    tombstones.Add(tombstone);
                    break;
                case LogEntryRejected entryRejected:
                    rejected.Add(entryRejected);
                    break;
            }
        }

        return new LogEntriesStored([.. messages], [.. tombstones], [.. rejected]);
    }

    /// <summary>
    /// One span per batch (MassTransit carries it on to the consumer), linked to the traces the chat nodes started when
    /// they published the first few entries.
    /// </summary>
    private static Activity? StartActivity(List<INatsJSMsg<byte[]>> entries, ulong firstSeq, ulong lastSeq)
    {
        if (!ArchiveTelemetry.Source.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>();
        foreach (var entry in entries)
        {
            if (links.Count >= MaxTraceLinks)
            {
                break;
            }

            if (entry.Headers is { } headers
                && headers.TryGetValue("traceparent", out var traceParent)
                && ActivityContext.TryParse(traceParent.ToString(), headers.TryGetValue("tracestate", out var state) ? state.ToString() : null, out var context))
            {
                links.Add(new ActivityLink(context));
            }
        }

        var activity = ArchiveTelemetry.Source.StartActivity("archive relay", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("messaging.system", "nats");
        activity?.SetTag("messaging.batch.message_count", entries.Count);
        activity?.SetTag("ladder.seq.first", firstSeq);
        activity?.SetTag("ladder.seq.last", lastSeq);
        return activity;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay consumer {Consumer} ready: {Pending} entries pending, {AckPending} awaiting ack")]
    private partial void LogConsumerReady(string consumer, ulong pending, long ackPending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay stopped")]
    private partial void LogRelayStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay waiting {Delay} before starting over: {Reason}")]
    private partial void LogRelayRestart(TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a batch of {Count} chat log entries ({FirstSeq}..{LastSeq}, {ExceptionType}): {Reason}; JetStream will deliver them again")]
    private partial void LogPublishFailed(int count, ulong firstSeq, ulong lastSeq, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} chat log entries was left unacked ({Reason}); JetStream will deliver it again")]
    private partial void LogBatchFailed(int count, string reason);
}
