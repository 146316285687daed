using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Moderation;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>
/// Whether a user may send to a room now: not banned, not muted there, the room not closed, and a token left in
/// the user's bucket — one atomic Redis round trip, so a user with connections on several nodes has one budget.
/// When Redis is down, or too slow to answer within <see cref="SendGateOptions.RedisTimeout"/>, the node falls back to
/// its own bucket and its own moderation cache.
/// </summary>
internal sealed class SendGate(
    RedisAvailability redis,
    SendRateLimiter localLimiter,
    LocalModerationCache localModeration,
    IOptions<ChatOptions> options,
    IOptions<SendGateOptions> gateOptions,
    TimeProvider time)
{
    private const string Script = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return {0, 0, 'banned'} end
        if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return {0, 0, 'muted'} end
        if redis.call('EXISTS', KEYS[5]) == 1 then return {0, 0, 'closed'} end
        local now = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
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
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
        if allowed == 1 then return {1, 0, ''} end
        return {0, retry, 'rate'}
        """;

    private readonly ChatOptions limits = options.Value;
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
                    [RedisKeys.SendBucket(user), RedisKeys.Ban(user), RedisKeys.Mute(user, room), RedisKeys.Mute(user, null), RedisKeys.ClosedRoom(room)],
                    [time.GetUtcNow().ToUnixTimeMilliseconds(), limits.SendsPerSecond, limits.SendBurst]);
                var result = (RedisResult[])(await WithinTimeoutAsync(check))!;
                return (string?)result[2] switch
                {
                    "banned" => GateDecision.Refused("you are banned"),
                    "muted" => GateDecision.Refused($"you are muted in '{room}'"),
                    "closed" => GateDecision.Refused($"room '{room}' is closed"),
                    "rate" => GateDecision.Limited(TimeSpan.FromMilliseconds((long)result[1])),
                    _ => GateDecision.Allowed,
                };
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("shared rate limits and mutes", exception);
            }
        }

        if (localModeration.IsBanned(user))
        {
            return GateDecision.Refused("you are banned");
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
