using System.Diagnostics;
using System.Threading.Channels;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Log;
using MassTransit;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.Archiver.Relay;

/// <summary>
/// Relays the chat log to RabbitMQ. A durable JetStream pull consumer, shared by every archiver instance, hands out each
/// entry; it is published through MassTransit as a mandatory message, and acked to JetStream only after RabbitMQ
/// confirmed that a queue holds it. Anything short of that leaves the entry unacked, so JetStream delivers it again:
/// at least once, never lost. Duplicates are harmless downstream (writes are idempotent on seq).
/// </summary>
internal sealed partial class ChatLogRelay(
    INatsJSContext jetStream,
    IBus bus,
    ArchiveMetrics metrics,
    IOptions<RelayOptions> options,
    ILogger<ChatLogRelay> logger) : BackgroundService
{
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
        }, cancellationToken);
        LogConsumerReady(limits.ConsumerName, consumer.Info.NumPending, consumer.Info.NumAckPending);
        return consumer;
    }

    private async Task RelayAsync(INatsJSConsumer consumer, CancellationToken stoppingToken)
    {
        var limits = options.Value;
        // A fixed set of workers, each publishing one entry at a time: at most MaxInFlight entries wait for confirms, and
        // a broker outage slows every worker down instead of piling up tasks.
        var entries = Channel.CreateBounded<INatsJSMsg<byte[]>>(new BoundedChannelOptions(limits.MaxInFlight)
        {
            SingleWriter = true,
        });
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var workers = Enumerable.Range(0, limits.MaxInFlight)
            .Select(_ => Task.Run(() => WorkAsync(entries.Reader, stopping.Token), CancellationToken.None))
            .ToArray();
        try
        {
            var consumeOptions = new NatsJSConsumeOpts { MaxMsgs = limits.MaxInFlight * 2 };
            await foreach (var entry in consumer.ConsumeAsync<byte[]>(opts: consumeOptions, cancellationToken: stoppingToken))
            {
                await entries.Writer.WriteAsync(entry, stoppingToken);
            }
        }
        finally
        {
            entries.Writer.TryComplete();
            // Entries still queued are simply not acked: JetStream redelivers them after AckWait.
            await stopping.CancelAsync();
            await Task.WhenAll(workers);
        }
    }

    private async Task WorkAsync(ChannelReader<INatsJSMsg<byte[]>> entries, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var delay = limits.FirstRetryDelay;
        try
        {
            await foreach (var entry in entries.ReadAllAsync(cancellationToken))
            {
                if (await RelayOneAsync(entry, cancellationToken))
                {
                    delay = limits.FirstRetryDelay;
                    continue;
                }

                // The broker is down or refusing: hand the entry back for later and slow down.
                await entry.NakAsync(new AckOpts { NakDelay = delay }, CancellationToken.None);
                await Task.Delay(delay, cancellationToken);
                delay = Min(delay * 2, limits.MaxRetryDelay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> RelayOneAsync(INatsJSMsg<byte[]> entry, CancellationToken cancellationToken)
    {
        var seq = entry.Metadata?.Sequence.Stream ?? 0;
        using var activity = StartActivity(entry, seq);
        var message = LogEntryDecoder.Decode(entry.Subject, seq, entry.Headers, entry.Data ?? []);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // Published as its runtime type: MessageStored, TombstoneStored or LogEntryRejected.
            await bus.Publish(message, new Action<PublishContext>(Mandatory), timeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            LogPublishFailed(seq, exception.GetType().Name, exception.Message);
            return false;
        }

        // The broker holds it now; a lost ack only means one more harmless redelivery.
        await entry.AckAsync(cancellationToken: CancellationToken.None);
        metrics.Relayed(1);
        return true;
    }

    /// <summary>Unroutable (no queue bound yet) must fail the publish, not be confirmed and silently dropped.</summary>
    private static void Mandatory(PublishContext context)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }

    /// <summary>Continues the trace the chat node started when it published the entry.</summary>
    private static Activity? StartActivity(INatsJSMsg<byte[]> entry, ulong seq)
    {
        ActivityContext parent = default;
        if (entry.Headers is { } headers
            && headers.TryGetValue("traceparent", out var traceParent)
            && ActivityContext.TryParse(traceParent.ToString(), headers.TryGetValue("tracestate", out var state) ? state.ToString() : null, out var context))
        {
            parent = context;
        }

        var activity = ArchiveTelemetry.Source.StartActivity("archive relay", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "nats");
        activity?.SetTag("messaging.destination.name", entry.Subject);
        activity?.SetTag("ladder.seq", seq);
        return activity;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay consumer {Consumer} ready: {Pending} entries pending, {AckPending} awaiting ack")]
    private partial void LogConsumerReady(string consumer, ulong pending, long ackPending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay stopped")]
    private partial void LogRelayStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay waiting {Delay} before starting over: {Reason}")]
    private partial void LogRelayRestart(TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish chat log entry {Seq} ({ExceptionType}): {Reason}; JetStream will deliver it again")]
    private partial void LogPublishFailed(ulong seq, string exceptionType, string reason);
}
