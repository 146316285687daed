using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Sessions;

/// <summary>One open session, from <see cref="ConnectionLifecycle.Open"/> to <see cref="Dispose"/> (which closes it
/// and removes it from the directory). See <see cref="ConnectionLifecycle"/> for the order a transport follows.</summary>
internal sealed class SessionLifetime : IDisposable
{
    private readonly SessionDirectory sessions;
    private readonly string nodeName;
    private readonly TimeSpan closeTimeout;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource closeTimedOut = new();
    private readonly CancellationTokenRegistration clientGone;
    private readonly CancellationTokenRegistration closing;
    private ITimer? expiry;
    private ITimer? closeTimer;

    public SessionLifetime(SessionDirectory sessions, ChatSession session, string nodeName, TimeSpan closeTimeout, TimeProvider time, CancellationToken clientGone)
    {
        this.sessions = sessions;
        this.nodeName = nodeName;
        this.closeTimeout = closeTimeout;
        this.time = time;
        Session = session;
        // Once the session closes, what is queued may take up to the close timeout to go out; then the transport gives up.
        closing = session.Closing.Register(static state => ((SessionLifetime)state!).StartCloseTimeout(), this);
        this.clientGone = clientGone.Register(static state => ((ChatSession)state!).Close(CloseCodes.Normal, ""), session);
    }

    public ChatSession Session { get; }

    /// <summary>Fires <see cref="ChatSessionOptions.CloseTimeout"/> after the session closed: the client has not
    /// taken what was queued for it, and the transport drops the connection.</summary>
    public CancellationToken CloseTimedOut => closeTimedOut.Token;

    /// <summary>Queues the <c>welcome</c> frame and starts the token's clock: a session outlives its token by no more
    /// than the clock skew, then closes with 4001 (reconnect with a fresh one). Call once the send loop is attached.</summary>
    public void Welcome()
    {
        var user = Session.User;
        Session.Deliver(FrameEncoder.Welcome(new WelcomeFrame(1, nodeName, Session.Id, user.Id)));
        var remaining = user.ExpiresAt - time.GetUtcNow();
        expiry = time.CreateTimer(
            static state => ((SessionLifetime)state!).TokenClockRang(),
            this,
            remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>The token's expiry came, unless a <c>refresh</c> moved it meanwhile: then the clock is set again for
    /// the new one, so a refresh needs no hook into the timer.</summary>
    private void TokenClockRang()
    {
        var remaining = Session.User.ExpiresAt - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            try
            {
                expiry?.Change(remaining, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The session ended as the clock rang.
            }

            return;
        }

        Session.Close(CloseCodes.TokenExpired, "token expired; reconnect with a fresh one");
    }

    public void Dispose()
    {
        Session.Close(CloseCodes.Normal, "");
        sessions.Remove(Session);
        clientGone.Dispose();
        closing.Dispose();
        expiry?.Dispose();
        Interlocked.Exchange(ref closeTimer, null)?.Dispose();
        closeTimedOut.Dispose();
    }

    private void StartCloseTimeout()
    {
        var timer = time.CreateTimer(static state => ((SessionLifetime)state!).TimeOut(), this, closeTimeout, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref closeTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private void TimeOut()
    {
        try
        {
            closeTimedOut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The transport ended as the timeout fired: nothing left to drop.
        }
    }
}
