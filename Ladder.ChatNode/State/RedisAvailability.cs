using StackExchange.Redis;

namespace Ladder.ChatNode.State;

/// <summary>
/// Whether Redis can be used right now. Redis holds only what Ladder may lose, so when it is down every feature on
/// it degrades at once (local fallbacks, a log line, health Degraded) instead of waiting for timeouts.
/// </summary>
internal sealed partial class RedisAvailability(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisAvailability> logger)
{
    private long lastWarningTimestamp;

    public IDatabase Database => redis.GetDatabase();

    public ISubscriber Subscriber => redis.GetSubscriber();

    public bool IsConnected => redis.IsConnected;

    /// <summary>
    /// Subscribes, retrying until Redis takes the subscription: StackExchange.Redis restores a subscription it has
    /// after a reconnect, but not one that failed to be made (Redis still starting, a loaded machine).
    /// </summary>
    public async Task SubscribeAsync(string channel, Action<RedisChannel, RedisValue> handler, string feature, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel), handler);
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                Failed(feature, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Waits for <paramref name="call"/> at most <paramref name="timeout"/>, then throws
    /// <see cref="TimeoutException"/>: a Redis that hangs keeps its connection open and answers nothing, and the
    /// client's own timeout (5 s) is far too long for a caller that holds a client's frame.</summary>
    public async Task<T> WithinAsync<T>(Task<T> call, TimeSpan timeout)
    {
        try
        {
            return await call.WaitAsync(timeout, time);
        }
        catch (TimeoutException)
        {
            // The abandoned call ends with Redis's own timeout; its failure is expected and must not go unobserved.
            _ = call.ContinueWith(static abandoned => _ = abandoned.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Records a failed Redis call; logs at most once every 30 s.</summary>
    public void Failed(string feature, Exception exception)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastWarningTimestamp);
        if ((last == 0 || time.GetElapsedTime(last, now) > TimeSpan.FromSeconds(30)) && Interlocked.CompareExchange(ref lastWarningTimestamp, now, last) == last)
        {
            LogDegraded(feature, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable: {Feature} degrades to this node alone ({Reason})")]
    private partial void LogDegraded(string feature, string reason);
}
