using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.RateLimiting;
using Ladder.ChatNode.Rooms;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Sessions;

/// <summary>
/// One client's session, independent of its transport (WebSocket or SSE): who it is, its send queue and its room
/// memberships. The transport drains <see cref="Queue"/> and closes with <see cref="CloseCode"/> once it completes.
/// </summary>
internal sealed class ChatSession(string id, ChatUser user, string transport, int queueLength, ChatMetrics metrics)
{
    private readonly Dictionary<string, RoomMember> memberships = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomGrant> grants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource closing = new();
    private int closed;
    private int refusedSendsInARow;
    private int membershipVersion = 1;
    private TokenBucket? joinBudget;
    private ChatUser currentUser = user;

    public string Id => id;

    /// <summary>Who the session speaks for, as of its latest token (a <c>refresh</c> replaces it; the id never
    /// changes).</summary>
    public ChatUser User => Volatile.Read(ref currentUser);

    /// <summary>Takes a refreshed token of the same user: its expiry and its <c>rooms</c> claim apply from now on.</summary>
    public bool Refresh(ChatUser refreshed)
    {
        if (!string.Equals(refreshed.Id, User.Id, StringComparison.Ordinal))
        {
            return false;
        }

        Volatile.Write(ref currentUser, refreshed);
        return true;
    }

    public string Transport => transport;

    public SendQueue Queue { get; } = new(queueLength);

    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Cancelled when the session closes, for work done on its behalf (a replay, a publish).</summary>
    public CancellationToken Closing => closing.Token;

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    public int CloseCode { get; private set; } = CloseCodes.Normal;

    public string CloseReason { get; private set; } = "";

    /// <summary>Changes whenever the session's rooms change: its listing for the admin console is rewritten then.</summary>
    public int MembershipVersion => Volatile.Read(ref membershipVersion);

    /// <summary>The <see cref="MembershipVersion"/> last written to Redis (by the <see cref="SessionListingPublisher"/> only).</summary>
    public int ListedVersion { get; set; }

    /// <summary>Adds a frame without waiting; a full queue makes this a slow consumer, closed with 4008.</summary>
    public bool Deliver(OutboundFrame frame)
    {
        if (Queue.TryEnqueue(frame))
        {
            return true;
        }

        if (!IsClosed)
        {
            metrics.SlowConsumerClosed();
            Close(CloseCodes.SlowConsumer, "slow consumer: resume from your lastKnownId");
        }

        return false;
    }

    /// <summary>Adds a frame, waiting for room: for answers to the client's own frames, which it paces itself.</summary>
    public async ValueTask SendAsync(OutboundFrame frame)
    {
        try
        {
            await Queue.EnqueueAsync(frame, Closing);
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // The session closed meanwhile: nothing to answer any more.
        }
    }

    public RoomMember? Membership(string room)
    {
        lock (memberships)
        {
            return memberships.GetValueOrDefault(room);
        }
    }

    public int RoomCount
    {
        get
        {
            lock (memberships)
            {
                return memberships.Count;
            }
        }
    }

    public IReadOnlyList<RoomMember> Memberships()
    {
        lock (memberships)
        {
            return [.. memberships.Values];
        }
    }

    /// <summary>Registers the member unless the session already holds <paramref name="maxRooms"/> rooms: the count
    /// and the registration are one step, so joins running side by side (a <c>hello.resume</c>) cannot pass the cap
    /// together.</summary>
    public MembershipAdd TryAddMembership(RoomMember member, int maxRooms)
    {
        lock (memberships)
        {
            if (IsClosed || memberships.ContainsKey(member.Room))
            {
                return MembershipAdd.NotAdded;
            }

            if (memberships.Count >= maxRooms)
            {
                return MembershipAdd.Full;
            }

            memberships.Add(member.Room, member);
            membershipVersion++;
            return MembershipAdd.Added;
        }
    }

    public bool RemoveMembership(RoomMember member)
    {
        lock (memberships)
        {
            if (memberships.TryGetValue(member.Room, out var existing) && ReferenceEquals(existing, member))
            {
                membershipVersion++;
                return memberships.Remove(member.Room);
            }

            return false;
        }
    }

    /// <summary>The grant tokens this session presented and the node verified (with <c>join</c>, <c>hello</c>, the SSE
    /// request), for the access decisions of its later frames.</summary>
    public IReadOnlyList<RoomGrant> Grants
    {
        get
        {
            lock (grants)
            {
                return [.. grants.Values];
            }
        }
    }

    /// <summary>Keeps verified grants, one per room (the newest wins), at most <paramref name="max"/>: expired ones go
    /// first, then the ones expiring soonest, so a client cannot grow the session without bound.</summary>
    public void AddGrants(IEnumerable<RoomGrant> verified, int max, DateTimeOffset now)
    {
        lock (grants)
        {
            foreach (var grant in verified)
            {
                grants[grant.Pattern] = grant;
            }

            if (grants.Count <= max)
            {
                return;
            }

            foreach (var expired in grants.Values.Where(grant => grant.ExpiresAt <= now).ToList())
            {
                grants.Remove(expired.Pattern);
            }

            foreach (var soonest in grants.Values.OrderBy(grant => grant.ExpiresAt).Take(grants.Count - max).ToList())
            {
                grants.Remove(soonest.Pattern);
            }
        }
    }

    /// <summary>Takes one join or leave from the connection's budget; otherwise the time until one is there. Frames
    /// of a session are handled one at a time, so the bucket is made once.</summary>
    public bool TryJoinOrLeave(double perSecond, int burst, long nowTicks, out TimeSpan retryAfter) =>
        (joinBudget ??= new TokenBucket(perSecond, burst, nowTicks)).TryTake(nowTicks, out retryAfter);

    /// <summary>Counts a refused send; true when the client has now been refused too often in a row (flood).</summary>
    public bool RefusedSend(int strikes) => Interlocked.Increment(ref refusedSendsInARow) >= strikes;

    public void AcceptedSend() => Volatile.Write(ref refusedSendsInARow, 0);

    /// <summary>
    /// Closes the session: it leaves every room at once (so nothing more is queued), the transport sends what is
    /// already queued, then the close code. Idempotent; the first code wins. The reason is cut to what a WebSocket
    /// close frame can carry (<see cref="Sessions.CloseReason"/>).
    /// </summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        CloseCode = code;
        CloseReason = Sessions.CloseReason.Fit(reason);
        foreach (var member in Memberships())
        {
            member.Remove();
        }

        Queue.Complete();
        closing.Cancel();
    }
}
