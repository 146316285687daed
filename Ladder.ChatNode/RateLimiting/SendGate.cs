using Ladder.ChatNode.Moderation;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>
/// Whether a user may send to a room now: no sanction applies (<see cref="SendSanctions"/>) and a token is left in
/// the user's bucket — one atomic Redis round trip, so a user with connections on several nodes has one budget.
/// When Redis is down, or too slow to answer within <see cref="SendGateOptions.RedisTimeout"/>, the node falls back to
/// its own bucket and its own moderation cache.
/// </summary>
internal sealed class SendGate(
    RedisAvailability redis,
    SendRateLimiter localLimiter,
    SendSanctions sanctions,
    IOptions<SendLimitOptions> options,
    IOptions<SendGateOptions> gateOptions,
    TimeProvider time)
{
    // The sanctions read KEYS[1] to KEYS[4]; the user's bucket is KEYS[5].
    private const string Script = SendSanctions.ScriptCheck + "\n" + """
        local now = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[5], 'tokens', 'at')
        local tokens = tonumber(state[1]) or burst
        local at = tonumber(state[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
        local allowed = 0
        local retry = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        else
          retry = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[5], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[5], math.ceil(burst * 1000 / rate) + 1000)
        if allowed == 1 then return {1, 0, ''} end
        return {0, retry, 'rate'}
        """;

    private readonly SendLimitOptions limits = options.Value;
    private readonly SendGateOptions gate = gateOptions.Value;

    // Timestamp until which sends skip Redis after a check timed out (a hung Redis keeps its connection "connected").
    private long skipRedisUntil;

    public async Task<GateDecision> CheckAsync(string user, string room)
    {
        if (redis.IsConnected && time.GetTimestamp() >= Interlocked.Read(ref skipRedisUntil))
        {
            try
            {
                var check = redis.Database.ScriptEvaluateAsync(
                    Script,
                    [.. SendSanctions.Keys(user, room), RedisKeys.SendBucket(user)],
                    [time.GetUtcNow().ToUnixTimeMilliseconds(), limits.SendsPerSecond, limits.SendBurst]);
                var result = (RedisResult[])(await WithinTimeoutAsync(check))!;
                var reason = (string?)result[2];
                if (SendSanctions.Refusal(reason, room) is { } refused)
                {
                    return GateDecision.Refused(refused);
                }

                return reason == "rate" ? GateDecision.Limited(TimeSpan.FromMilliseconds((long)result[1])) : GateDecision.Allowed;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("shared rate limits and mutes", exception);
            }
        }

        if (sanctions.LocalRefusal(user) is { } refusedHere)
        {
            return GateDecision.Refused(refusedHere);
        }

        return localLimiter.TryAcquire(user, out var retryAfter) ? GateDecision.Allowed : GateDecision.Limited(retryAfter);
    }

    private async Task<RedisResult> WithinTimeoutAsync(Task<RedisResult> check)
    {
        try
        {
            return await check.WaitAsync(gate.RedisTimeout, time);
        }
        catch (TimeoutException)
        {
            // The abandoned call ends with Redis's own timeout; its failure is expected and must not go unobserved.
            _ = check.ContinueWith(static abandoned => _ = abandoned.Exception, TaskScheduler.Default);
            var retryTicks = (long)(gate.RedisRetryInterval.TotalSeconds * time.TimestampFrequency);
            Interlocked.Exchange(ref skipRedisUntil, time.GetTimestamp() + retryTicks);
            throw;
        }
    }
}
