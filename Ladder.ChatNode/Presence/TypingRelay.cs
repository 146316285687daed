using System.Collections.Concurrent;
using System.Text.Json;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Presence;

/// <summary>
/// "Is typing" across nodes over a Redis channel: ephemeral, never stored, at most one signal per user and room per
/// <see cref="Interval"/> (a client may send one per keystroke). Without Redis it reaches this node's members only.
/// </summary>
internal sealed class TypingRelay(RedisAvailability redis, RoomRegistry rooms, IOptions<PresenceOptions> options, TimeProvider time) : BackgroundService
{
    private readonly PresenceOptions limits = options.Value;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.TypingSignals);

    private readonly ConcurrentDictionary<(string Room, string User), long> lastSent = new();

    public async ValueTask PublishAsync(string room, string user)
    {
        var now = time.GetTimestamp();
        var key = (room, user);
        if (lastSent.TryGetValue(key, out var previous) && time.GetElapsedTime(previous, now) < Interval)
        {
            return;
        }

        lastSent[key] = now;
        if (lastSent.Count > 100_000)
        {
            lastSent.Clear();
        }

        var signal = new TypingSignal(room, user);
        if (redis.IsConnected)
        {
            try
            {
                // Bounded: the typing frame holds the session's next frames (its sends) until this returns.
                await redis.WithinAsync(
                    redis.Subscriber.PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(signal, StateJsonContext.Default.TypingSignal)),
                    limits.PresenceRedisTimeout);
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("typing", exception);
            }
        }

        Deliver(signal);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        redis.SubscribeAsync(RedisKeys.TypingSignals, (_, message) =>
        {
            if (message.HasValue && JsonSerializer.Deserialize((byte[])message!, StateJsonContext.Default.TypingSignal) is { } signal)
            {
                Deliver(signal);
            }
        }, "typing", stoppingToken);

    private void Deliver(TypingSignal signal)
    {
        var frame = FrameEncoder.Typing(new TypingFrame(signal.Room, signal.User));
        foreach (var member in rooms.Members(signal.Room))
        {
            if (member.Session.User.Id != signal.User)
            {
                member.Deliver(frame);
            }
        }
    }
}
