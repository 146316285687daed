using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Log;
using Ladder.ChatNode.Rooms;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.ChatNode.Fanout;

/// <summary>
/// The node's one reader of the chat log: an ordered consumer over every room subject, from the log's end at
/// start-up on. Each entry is decoded and encoded once, then offered to every local member of its room.
/// </summary>
/// <remarks>
/// Delivery guarantee: every entry after <see cref="RoutedSeq"/>'s starting value reaches every member that was
/// registered before the entry was routed, in seq order, exactly once — or the member's session is closed as a
/// slow consumer (4008). The ordered consumer never skips a sequence: on a gap or a reconnect it is recreated
/// from the last sequence seen. A member registered while an entry is being routed may miss it; it must replay up
/// to <see cref="RoutedSeq"/>, read after its registration (see <see cref="RoomJoiner"/>). Each entry is also kept
/// in <see cref="Recent"/> before RoutedSeq moves past it, so such a replay mostly needs no JetStream request.
/// </remarks>
public sealed partial class LogFanout(
    INatsJSContext jetStream,
    RoomRegistry rooms,
    ChatMetrics metrics,
    IOptions<ChatOptions> options,
    IOptions<ChatLogOptions> logOptions,
    TimeProvider time,
    ILogger<LogFanout> logger) : BackgroundService
{
    private ulong routedSeq;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last log seq offered to members. Written before the offer, so a later reader knows that any
    /// entry up to it either reached it or is in the log for it to replay.</summary>
    public ulong RoutedSeq => Volatile.Read(ref routedSeq);

    /// <summary>Completes once the starting position is known; joins wait for it.</summary>
    public Task Started => started.Task;

    public bool IsRunning { get; private set; }

    /// <summary>The newest routed entries per room (<c>Chat:RecentEntriesMaxBytes</c>), what resumes replay from first.</summary>
    public RecentEntries Recent { get; } = new(options.Value.RecentEntriesMaxBytes, logOptions.Value.MaxMessagesPerRoom, logOptions.Value.MaxAge, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startSeq = await StartingSequenceAsync(stoppingToken);
        Volatile.Write(ref routedSeq, startSeq - 1);
        Recent.Start(startSeq);
        started.TrySetResult();
        LogStarted(startSeq);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var consumer = await jetStream.CreateOrderedConsumerAsync(NatsSubjects.ChatStream, new NatsJSOrderedConsumerOpts
                {
                    FilterSubjects = [NatsSubjects.AllRooms],
                    DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                    OptStartSeq = RoutedSeq + 1,
                }, stoppingToken);
                IsRunning = true;
                await foreach (var entry in consumer.ConsumeAsync<byte[]>(cancellationToken: stoppingToken))
                {
                    Route(entry.Subject, entry.Metadata?.Sequence.Stream ?? 0, entry.Headers, entry.Data);
                }
            }
            catch (Exception exception) when (exception is NatsException && !stoppingToken.IsCancellationRequested)
            {
                IsRunning = false;
                LogConsumerFailed(exception, RoutedSeq);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Route(string subject, ulong seq, NatsHeaders? headers, byte[]? body)
    {
        if (seq == 0 || seq <= RoutedSeq)
        {
            return;
        }

        var frame = LogEntryDecoder.Decode(subject, seq, headers, body, out var storedAt);

        // Kept before RoutedSeq moves on: a reader that sees RoutedSeq ≥ seq finds the entry in Recent.
        if (frame is not null)
        {
            Recent.Add(frame, storedAt);
        }
        else if (NatsSubjects.RoomOf(subject) is { } room)
        {
            Recent.Skip(room, seq);
        }

        Volatile.Write(ref routedSeq, seq);
        if (frame is null)
        {
            return;
        }

        var members = rooms.Members(frame.Room!);
        foreach (var member in members)
        {
            member.Deliver(frame);
        }

        metrics.FramesDelivered(members.Length);
        if (storedAt != default)
        {
            metrics.DeliveryLatency((time.GetUtcNow() - storedAt).TotalMilliseconds);
        }
    }

    private async Task<ulong> StartingSequenceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var stream = await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
                return stream.Info.State.LastSeq + 1;
            }
            catch (NatsException exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogConsumerFailed(exception, 0);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fan-out reads the log from seq {StartSeq}")]
    private partial void LogStarted(ulong startSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fan-out consumer failed after seq {RoutedSeq}; recreating it")]
    private partial void LogConsumerFailed(Exception exception, ulong routedSeq);
}
