using Ladder.ChatNode.Access;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.Presence;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Rooms;

/// <summary>
/// Joins a session to a room without a gap or a duplicate: register the member as catching up (the fan-out
/// buffers its live frames), replay the log from lastKnownId+1 up to what the fan-out had routed when the member
/// was registered, then flush the buffered frames the replay did not cover, send <c>synced</c>, and go live.
/// </summary>
/// <remarks>
/// <para>Why it cannot lose an entry: the fan-out writes the room's position (<see cref="RoomSequence.Routed"/>)
/// before it reads the room's members. An entry routed without the new member was therefore routed before the
/// registration, so its seq is at most the position read after the registration, and the replay covers it. The
/// first member of a room on this node starts the room's feed; the position is read once the feed has its starting
/// point (the room's head read after its live subscription began), so nothing between the two is lost either.
/// Entries both replayed and buffered are dropped at the flush by log seq.</para>
/// <para>Where the replay comes from does not change that: the range (lastKnownId, RoutedSeq] is read from the
/// fan-out's <see cref="RecentEntries"/> when it vouches for all of it, else from the log. The fan-out adds each entry
/// to RecentEntries before it writes RoutedSeq, so every entry up to the RoutedSeq read here is already there unless
/// evicted — and an eviction raises the coverage mark past the evicted seq, which turns the answer into "unknown" and
/// the replay into a log read, exactly as before. Entries past RoutedSeq that RecentEntries may also hold are not
/// replayed (the range ends at RoutedSeq); the buffer carries them. RecentEntries drops a message when its tombstone
/// is routed, which is what a log read after the moderator's erase returns too.</para>
/// <para>The head is still read from the log (one <c>STREAM.MSG.GET</c>, cheap next to a consumer): a message acked
/// on another node may not be routed here yet, and <c>joined.head</c> must not be older than it. What that read says
/// (nothing of the room between the head and RoutedSeq read before it) is noted in RecentEntries, which lets a resume
/// from below what it holds, such as lastKnownId 0 for a room that was empty, replay from memory too. A gap of at
/// most <c>MaxReplay</c> seqs cannot hold more than <c>MaxReplay</c> entries, so the log path counts only wider
/// gaps, and reads the range with the consumer that counted it.</para>
/// </remarks>
internal sealed partial class RoomJoiner(
    LogFanout fanout,
    ChatLogReader log,
    RoomRegistry rooms,
    ChatMetrics metrics,
    PresenceTracker presence,
    RoomAccess access,
    IOptions<RoomOptions> options,
    IOptions<ChatSessionOptions> sessionOptions,
    ILogger<RoomJoiner> logger)
{
    private readonly RoomOptions limits = options.Value;
    private readonly int sendQueueLength = sessionOptions.Value.SendQueueLength;

    /// <summary>Joins <paramref name="room"/>. With <paramref name="lastKnownId"/>, replays what was missed and ends
    /// with <c>synced</c>; without, the client's position is the room's head.</summary>
    /// <returns>An error to send, or null.</returns>
    public async Task<FrameError?> JoinAsync(ChatSession session, string room, ulong? lastKnownId)
    {
        // Every way into a room comes through here (join, hello, SSE rooms and Last-Event-ID): a refusal is an answer,
        // never an empty room.
        if (await access.ReadRefusalAsync(session.User, room, session.Grants) is { } refused)
        {
            return refused;
        }

        var policy = access.PolicyOf(room);
        session.Membership(room)?.Remove();
        // A cheap early refusal; the cap itself is enforced when the member is registered.
        if (session.RoomCount >= limits.MaxRoomsPerConnection)
        {
            return TooManyRooms(room);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(session.Closing);
        timeout.CancelAfter(limits.ReplayTimeout);
        ulong head;
        try
        {
            await fanout.Started.WaitAsync(timeout.Token);
            head = await HeadFromLogAsync(room, timeout.Token);
        }
        catch (Exception exception) when (exception is LogUnavailableException or OperationCanceledException)
        {
            // A hello's other rooms go on; this one is answered, not the connection dropped (a leader election).
            LogJoinFailed(exception, room, session.Id);
            return session.IsClosed ? null : new FrameError(ErrorCodes.Internal, "the message log is unreachable; join again");
        }

        var member = new RoomMember(session, room, rooms, sendQueueLength);
        switch (session.TryAddMembership(member, limits.MaxRoomsPerConnection))
        {
            case MembershipAdd.Full:
                return TooManyRooms(room);
            case MembershipAdd.NotAdded:
                return null;
        }

        // joined goes first: no frame of the room may precede it.
        if (!session.Deliver(FrameEncoder.Joined(new JoinedFrame(room, head))))
        {
            return null;
        }

        rooms.Add(member);
        var from = lastKnownId ?? head;
        try
        {
            // Per room since issue 14 (the node follows only its rooms): see LogFanout.
            var routed = await fanout.RoutedSeqAfterRegistrationAsync(room, timeout.Token);
            var maxReplay = policy.MaxReplay ?? limits.MaxReplay;
            var delivered = routed > from ? await ReplayAsync(member, room, from, routed, maxReplay, timeout.Token) : new Replayed(0, 0);
            var deliveredLogSeq = Math.Max(from, delivered.LastLogSeq);
            member.FinishCatchUp(deliveredLogSeq, flushedMessageSeq => lastKnownId is null
                ? null
                : FrameEncoder.Synced(new SyncedFrame(room, Math.Max(flushedMessageSeq, delivered.LastMessageSeq) is var last and > 0 ? last : head)));
            if (!member.IsRemoved && policy.Presence)
            {
                var online = await presence.JoinedAsync(member);
                member.Session.Deliver(FrameEncoder.Presence(new PresenceFrame(room, Online: online)));
            }

            return null;
        }
        catch (Exception exception) when (exception is LogUnavailableException or OperationCanceledException)
        {
            LogJoinFailed(exception, room, session.Id);
            member.Remove();
            return session.IsClosed ? null : new FrameError(ErrorCodes.Internal, "the message log is unreachable; join again");
        }
    }

    /// <summary>The refusal of a join over <see cref="RoomOptions.MaxRoomsPerConnection"/>.</summary>
    public FrameError TooManyRooms(string room) =>
        new(ErrorCodes.Forbidden, $"'{room}' not joined: a connection may be in at most {limits.MaxRoomsPerConnection} rooms");

    private async Task<ulong> HeadFromLogAsync(string room, CancellationToken cancellationToken)
    {
        var routedBefore = fanout.RoutedSeq(room);
        var head = await log.HeadAsync(room, cancellationToken);
        fanout.Recent.NoteHead(room, head, routedBefore);
        return head;
    }

    private async Task<Replayed> ReplayAsync(RoomMember member, string room, ulong after, ulong upTo, int maxReplay, CancellationToken cancellationToken)
    {
        if (fanout.Recent.TryRead(room, after, upTo, maxReplay, out var recent, out var lastSkipped))
        {
            if (lastSkipped != 0)
            {
                member.DeliverReplayed(FrameEncoder.Truncated(new TruncatedFrame(room, after, lastSkipped)));
            }

            return await DeliverAsync(member, recent.ToAsyncEnumerable(), cancellationToken);
        }

        var start = after + 1;
        var cursor = await log.OpenAsync(room, start, cancellationToken);
        Replayed replayed;
        try
        {
            // upTo − after seqs can hold at most that many of the room's entries: only a wider gap needs counting.
            if (cursor.Pending > (ulong)maxReplay && upTo - after > (ulong)maxReplay)
            {
                var inRange = cursor.Pending - await log.CountFromAsync(room, upTo + 1, cancellationToken);
                if (inRange > (ulong)maxReplay)
                {
                    start = await FirstOfNewestAsync(room, start, upTo, (ulong)maxReplay, cancellationToken);
                    member.DeliverReplayed(FrameEncoder.Truncated(new TruncatedFrame(room, after, start - 1)));
                    await cursor.DisposeAsync();
                    cursor = await log.OpenAsync(room, start, cancellationToken);
                }
            }

            replayed = cursor.Pending == 0 ? new Replayed(0, 0) : await DeliverAsync(member, cursor.ReadAsync(upTo, cancellationToken), cancellationToken);
        }
        finally
        {
            await cursor.DisposeAsync();
        }

        // The consumer may sit on a replica still catching up and answer short of upTo, which the fan-out proved was
        // routed: the stream leader says what is left (usually nothing, one request).
        var rest = await DeliverAsync(member, FramesFromLeaderAsync(room, Math.Max(start, replayed.LastLogSeq + 1), upTo, cancellationToken), cancellationToken);
        return new Replayed(Math.Max(replayed.LastLogSeq, rest.LastLogSeq), Math.Max(replayed.LastMessageSeq, rest.LastMessageSeq));
    }

    private async IAsyncEnumerable<OutboundFrame> FramesFromLeaderAsync(string room, ulong fromSeq, ulong toSeq, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in log.ReadFromLeaderAsync(room, fromSeq, toSeq, cancellationToken))
        {
            if (LogEntryFrames.FrameOf(entry.Subject, entry.Seq, entry.Headers, entry.Data, out _) is { } frame)
            {
                yield return frame;
            }
        }
    }

    private async Task<Replayed> DeliverAsync(RoomMember member, IAsyncEnumerable<OutboundFrame> frames, CancellationToken cancellationToken)
    {
        ulong lastLogSeq = 0, lastMessageSeq = 0, count = 0;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            await WaitForRoomAsync(member.Session, cancellationToken);
            if (!member.DeliverReplayed(frame))
            {
                break;
            }

            lastLogSeq = frame.LogSeq;
            if (frame.IsMessage)
            {
                lastMessageSeq = frame.Seq;
            }

            count++;
        }

        metrics.Replayed(count);
        return new Replayed(lastLogSeq, lastMessageSeq);
    }

    /// <summary>
    /// The smallest seq x in [from, upTo] with at most <paramref name="keep"/> of the room's entries in [x, upTo].
    /// Counting drops by one exactly at each entry, so x−1 is the last entry skipped.
    /// </summary>
    private async Task<ulong> FirstOfNewestAsync(string room, ulong from, ulong upTo, ulong keep, CancellationToken cancellationToken)
    {
        var beyond = await log.CountFromAsync(room, upTo + 1, cancellationToken);
        ulong low = from, high = upTo + 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var inRange = await log.CountFromAsync(room, middle, cancellationToken) - beyond;
            if (inRange <= keep)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>A replay writes as fast as the client reads, but leaves half the queue for live frames.</summary>
    private static async Task WaitForRoomAsync(ChatSession session, CancellationToken cancellationToken)
    {
        var threshold = session.Queue.Capacity / 2;
        while (session.Queue.Count > threshold && !session.IsClosed)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Join of {Room} by session {Session} failed")]
    private partial void LogJoinFailed(Exception exception, string room, string session);

    private readonly record struct Replayed(ulong LastLogSeq, ulong LastMessageSeq);
}
