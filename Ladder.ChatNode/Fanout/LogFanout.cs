using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Rooms;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Ladder.ChatNode.Fanout;

/// <summary>
/// Routes the log's entries to this node's members, reading only the rooms the node has members in. The chat stream
/// republishes every stored entry of room <c>r</c> to <c>chat.live.r</c> with its stream seq and the room's previous
/// seq (<c>Nats-Sequence</c>, <c>Nats-Last-Sequence</c>); the node core-subscribes to the live subject of a room from
/// its first local member to its last (one <see cref="RoomFeed"/> per <see cref="LocalRoom"/>), and one loop routes
/// every followed room's entries, each decoded and encoded once, to the room's local members.
/// </summary>
/// <remarks>
/// <para>Delivery guarantee, per room: every entry after the room's starting position (its head read once its
/// subscription was on) reaches every member that was registered before the entry was routed, in seq order, exactly
/// once — or the member's session is closed as a slow consumer (4008). Core NATS delivers at most once, so the room's
/// <see cref="RoomSequence"/> checks each live entry: its previous seq equal to (or below: erased entries) the last
/// routed one — route it; above — entries are missing (a message lost, a subscription that began late): read them from
/// the log, route them, then it; its own seq at most the last routed — drop it. Entries published while the connection
/// was down reach no subscription and have no successor to reveal them: after each reconnect every followed room's head
/// is read and the gap up to it filled.</para>
/// <para>The join's race: a member registered while an entry is being routed may miss it, so it replays up to its
/// room's <see cref="RoomSequence.Routed"/> read after its registration (see <see cref="RoomJoiner"/>); the position is
/// written before the room's members are read, per room as it was node-wide when one consumer read every room. Each
/// entry is kept in <see cref="Recent"/> before the position moves past it, so such a replay mostly needs no JetStream
/// request.</para>
/// <para>Known limit: a republished entry lost between NATS servers (a route down) while this node's own connection
/// stays up is routed only when the room's next entry reveals the gap.</para>
/// </remarks>
internal sealed partial class LogFanout : BackgroundService
{
    private const string SequenceHeader = "Nats-Sequence";
    private const string PreviousSequenceHeader = "Nats-Last-Sequence";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadAttemptTimeout = TimeSpan.FromSeconds(5);
    private const int MaxShortReads = 10;

    /// <summary>Gap fills over at most this many seqs read from the stream leader only (a request per entry).</summary>
    private const ulong LeaderOnlySpan = 256;

    private readonly INatsConnection nats;
    private readonly ChatLogReader log;
    private readonly ChatMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<LogFanout> logger;
    private readonly ConcurrentDictionary<string, RoomFeed> feeds = new(StringComparer.Ordinal);
    private readonly Channel<FeedItem> items = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true });

    // Live entries that arrived before their feed began (loop-owned): routed, or dropped, right after the Begin.
    private readonly Dictionary<RoomFeed, List<NatsMsg<byte[]>>> early = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogFanout(
        INatsConnection nats,
        ChatLogReader log,
        RoomRegistry rooms,
        ChatMetrics metrics,
        IOptions<RecentEntriesOptions> options,
        IOptions<ChatLogOptions> logOptions,
        TimeProvider time,
        ILogger<LogFanout> logger)
    {
        this.nats = nats;
        this.log = log;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        Recent = new(options.Value.RecentEntriesMaxBytes, logOptions.Value.MaxMessagesPerRoom, logOptions.Value.MaxAge, time);
        rooms.RoomOpened += Open;
        rooms.RoomClosed += Close;
        nats.ConnectionOpened += OnConnectionOpenedAsync;
    }

    /// <summary>Completes once the loop runs; joins wait for it.</summary>
    public Task Started => started.Task;

    public bool IsRunning { get; private set; }

    /// <summary>Rooms this node follows now (those with a local member).</summary>
    public int FollowedRooms => feeds.Count;

    /// <summary>The newest routed entries per followed room (<c>Chat:RecentEntriesMaxBytes</c>), what resumes replay from first.</summary>
    public RecentEntries Recent { get; }

    /// <summary>The room's last routed seq now; 0 when the node does not follow it (yet).</summary>
    public ulong RoutedSeq(string room) => feeds.TryGetValue(room, out var feed) && feed.IsStarted ? feed.Sequence.Routed : 0;

    /// <summary>
    /// For a join, after its member was registered: waits until the room's feed has its starting position, then
    /// returns the room's last routed seq. 0 when the member has left meanwhile (the room may have closed).
    /// </summary>
    public async Task<ulong> RoutedSeqAfterRegistrationAsync(string room, CancellationToken cancellationToken)
    {
        if (!feeds.TryGetValue(room, out var feed))
        {
            return 0;
        }

        try
        {
            await feed.Started.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (feed.IsClosed && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        return feed.Sequence.Routed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IsRunning = true;
        started.TrySetResult();
        LogStarted();
        await foreach (var item in items.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProcessAsync(item, stoppingToken);
            }
            catch (OperationCanceledException) when (item.Feed.IsClosed && !stoppingToken.IsCancellationRequested)
            {
                // The room closed during a log read: nothing of it is routed any more.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One room's failure must not stop every room's delivery: check the room again from the log.
                LogItemFailed(exception, item.Feed.Room.Name);
                if (!item.Feed.IsClosed && item.Feed.IsStarted)
                {
                    items.Writer.TryWrite(new FeedItem(item.Feed, FeedItemKind.Check));
                }
            }
        }
    }

    private async Task ProcessAsync(FeedItem item, CancellationToken stoppingToken)
    {
        var feed = item.Feed;
        switch (item.Kind)
        {
            case FeedItemKind.Begin when !feed.IsClosed && !feed.IsStarted:
                Recent.StartRoom(feed.Room.Name, item.Head + 1);
                feed.Begin(item.Head);
                if (early.Remove(feed, out var waiting))
                {
                    foreach (var entry in waiting)
                    {
                        await RouteLiveAsync(feed, entry, stoppingToken);
                    }
                }

                break;
            case FeedItemKind.Begin or FeedItemKind.Check when !feed.IsClosed && feed.IsStarted:
                await CatchUpAsync(feed, item.Kind == FeedItemKind.Begin ? item.Head : null, stoppingToken);
                break;
            case FeedItemKind.Live:
                metrics.EntryReceived();
                if (feed.IsClosed)
                {
                    break;
                }

                if (!feed.IsStarted)
                {
                    (early.TryGetValue(feed, out var list) ? list : early[feed] = []).Add(item.Live);
                    break;
                }

                await RouteLiveAsync(feed, item.Live, stoppingToken);
                break;
            case FeedItemKind.End:
                early.Remove(feed);
                Recent.StopRoom(feed.Room.Name);
                break;
        }
    }

    private async Task RouteLiveAsync(RoomFeed feed, NatsMsg<byte[]> entry, CancellationToken stoppingToken)
    {
        if (!TryReadSequences(entry.Headers, out var seq, out var previous))
        {
            LogNotRepublished(entry.Subject);
            return;
        }

        switch (feed.Sequence.Decide(seq, previous))
        {
            case LiveDecision.Drop:
                return;
            case LiveDecision.FillGap:
                LogGap(feed.Room.Name, feed.Sequence.Routed, previous);
                await FillAsync(feed, seq - 1, previous, stoppingToken);
                break;
        }

        Route(feed, seq, entry.Headers, entry.Data);
    }

    /// <summary>Reads the room's head and fills up to it (after a reconnect), or up to <paramref name="knownHead"/>.</summary>
    private async Task CatchUpAsync(RoomFeed feed, ulong? knownHead, CancellationToken stoppingToken)
    {
        var head = knownHead ?? await WithRetryAsync(feed, token => log.HeadAsync(feed.Room.Name, token), stoppingToken);
        if (head > feed.Sequence.Routed)
        {
            LogGap(feed.Room.Name, feed.Sequence.Routed, head);
            await FillAsync(feed, head, head, stoppingToken);
        }
    }

    /// <summary>Routes the room's entries after its position up to <paramref name="upTo"/>, read from the log;
    /// <paramref name="proven"/> is the room's own entry known to exist (stream seqs are shared by every room, so the
    /// room's last entry below <paramref name="upTo"/> is usually well below it).</summary>
    /// <remarks>The bulk of a wide gap comes through a reader consumer, which may sit on a replica still catching up
    /// after a failover and answer short; the stream leader then says what is left up to <paramref name="upTo"/>, so the fill
    /// never routes past an entry the log holds. Only an entry the leader does not hold either (erased by a moderator,
    /// expired) is passed over, after <see cref="MaxShortReads"/> reads (a leader elected a moment ago may still be
    /// applying what it committed).</remarks>
    private async Task FillAsync(RoomFeed feed, ulong upTo, ulong proven, CancellationToken stoppingToken)
    {
        var shortReads = 0;
        await WithRetryAsync(feed, async token =>
        {
            // A retry goes on from what the failed attempt routed. A short span holds at most that many of the room's
            // entries (stream seqs are shared by every room): it is read from the leader alone, without a consumer,
            // which the cluster's meta leader must create and which, after a loss of quorum, stays unanswered longer.
            if (upTo - feed.Sequence.Routed > LeaderOnlySpan)
            {
                await using var cursor = await log.OpenAsync(feed.Room.Name, feed.Sequence.Routed + 1, token);
                await foreach (var entry in cursor.ReadEntriesAsync(upTo, token))
                {
                    metrics.GapEntryRead();
                    Route(feed, entry.Metadata?.Sequence.Stream ?? 0, entry.Headers, entry.Data);
                }
            }

            await foreach (var entry in log.ReadFromLeaderAsync(feed.Room.Name, feed.Sequence.Routed + 1, upTo, token))
            {
                metrics.GapEntryRead();
                Route(feed, entry.Seq, entry.Headers, entry.Data);
            }

            if (feed.Sequence.Routed < proven && ++shortReads < MaxShortReads)
            {
                throw new LogUnavailableException($"the stream leader answered up to seq {feed.Sequence.Routed} of {proven}");
            }

            return true;
        }, stoppingToken);
    }

    /// <summary>Nothing later of the room may be routed before the gap is filled: retry while the log is unreachable
    /// (live entries wait in the queue), until the room closes.</summary>
    private async Task<T> WithRetryAsync<T>(RoomFeed feed, Func<CancellationToken, Task<T>> read, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, feed.Closing);
        while (true)
        {
            // A read the cluster never answers (a consumer on a server that just lost its leadership) is abandoned
            // and made again, rather than holding every room's delivery behind it.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            attempt.CancelAfter(ReadAttemptTimeout);
            try
            {
                return await read(attempt.Token);
            }
            catch (Exception exception) when (exception is LogUnavailableException or NatsException or TimeoutException
                || (exception is OperationCanceledException && !linked.IsCancellationRequested))
            {
                LogReadFailed(exception, feed.Room.Name);
                await Task.Delay(RetryDelay, time, linked.Token);
            }
        }
    }

    private void Route(RoomFeed feed, ulong seq, NatsHeaders? headers, byte[]? body)
    {
        var sequence = feed.Sequence;
        if (seq == 0 || seq <= sequence.Routed)
        {
            return;
        }

        var frame = LogEntryFrames.FrameOf(feed.LogSubject, seq, headers, body, out var storedAt);

        // Kept before the position moves on: a reader that sees Routed ≥ seq finds the entry in Recent.
        if (frame is not null)
        {
            Recent.Add(frame, storedAt);
        }
        else
        {
            Recent.Skip(feed.Room.Name, seq);
        }

        sequence.Advance(seq);
        if (frame is null)
        {
            return;
        }

        var members = feed.Room.Members;
        foreach (var member in members)
        {
            member.Deliver(frame);
        }

        metrics.FramesDelivered(members.Length);
        if (storedAt != default)
        {
            var milliseconds = (time.GetUtcNow() - storedAt).TotalMilliseconds;
            metrics.DeliveryLatency(milliseconds);
            feed.Room.Latency.Record(milliseconds);
        }
    }

    /// <summary>Under the registry's lock: must not block.</summary>
    private void Open(LocalRoom room)
    {
        var feed = new RoomFeed(room);
        feeds[room.Name] = feed;
        _ = Task.Run(() => FollowAsync(feed));
    }

    /// <summary>Under the registry's lock: must not block.</summary>
    private void Close(LocalRoom room)
    {
        if (feeds.TryGetValue(room.Name, out var feed) && ReferenceEquals(feed.Room, room))
        {
            feeds.TryRemove(new KeyValuePair<string, RoomFeed>(room.Name, feed));
            feed.Close();
            items.Writer.TryWrite(new FeedItem(feed, FeedItemKind.End));
        }
    }

    /// <summary>The room's subscription, from the first local member to the last: subscribe, then read the head (so
    /// that every entry after it arrives live or is revealed as a gap), then pass the live entries to the loop.</summary>
    private async Task FollowAsync(RoomFeed feed)
    {
        var channel = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { FullMode = BoundedChannelFullMode.Wait } };
        while (!feed.IsClosed)
        {
            INatsSub<byte[]>? subscription = null;
            try
            {
                subscription = await nats.SubscribeCoreAsync<byte[]>(NatsSubjects.Live(feed.Room.Name), opts: channel, cancellationToken: feed.Closing);

                // The server has the subscription once it answers a ping sent after it.
                await nats.PingAsync(feed.Closing);
                using var headRead = CancellationTokenSource.CreateLinkedTokenSource(feed.Closing);
                headRead.CancelAfter(ReadAttemptTimeout);
                var head = await log.HeadAsync(feed.Room.Name, headRead.Token);
                items.Writer.TryWrite(new FeedItem(feed, FeedItemKind.Begin, head));
                await foreach (var entry in subscription.Msgs.ReadAllAsync(feed.Closing))
                {
                    items.Writer.TryWrite(new FeedItem(feed, FeedItemKind.Live, Live: entry));
                }
            }
            catch (OperationCanceledException) when (feed.IsClosed)
            {
                return;
            }
            catch (Exception exception) when (!feed.IsClosed)
            {
                // Whatever failed (an unanswered head read included), the room is followed again: a feed that
                // silently stopped would leave its members without a frame.
                LogSubscribeFailed(exception, feed.Room.Name);
            }
            finally
            {
                if (subscription is not null)
                {
                    await subscription.DisposeAsync();
                }
            }

            try
            {
                await Task.Delay(RetryDelay, time, feed.Closing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A core subscription loses what is published while the connection is down: check every room.</summary>
    private ValueTask OnConnectionOpenedAsync(object? sender, NatsEventArgs args)
    {
        foreach (var feed in feeds.Values)
        {
            items.Writer.TryWrite(new FeedItem(feed, FeedItemKind.Check));
        }

        return ValueTask.CompletedTask;
    }

    private static bool TryReadSequences(NatsHeaders? headers, out ulong seq, out ulong previous)
    {
        previous = 0;
        seq = 0;
        return headers is not null
            && headers.TryGetValue(SequenceHeader, out var seqValue)
            && headers.TryGetValue(PreviousSequenceHeader, out var previousValue)
            && ulong.TryParse(seqValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && ulong.TryParse(previousValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out previous);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fan-out follows the rooms with local members")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room}: entries after seq {Routed} up to {Previous} missed the live feed; reading them from the log")]
    private partial void LogGap(string room, ulong routed, ulong previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room}: the log is unreachable for a gap fill or head read; retrying")]
    private partial void LogReadFailed(Exception exception, string room);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {Room}: routing an entry failed; the room is checked against the log again")]
    private partial void LogItemFailed(Exception exception, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room}: the live subscription failed; subscribing again")]
    private partial void LogSubscribeFailed(Exception exception, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message on {Subject} without the stream's sequence headers (not republished by the chat log)")]
    private partial void LogNotRepublished(string subject);
}
