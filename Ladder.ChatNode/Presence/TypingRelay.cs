using System.Collections.Concurrent;
using System.Text;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.Contracts.Log;
using Ladder.Contracts.Wire;
using NATS.Client.Core;

namespace Ladder.ChatNode.Presence;

/// <summary>
/// "Is typing" across nodes over core NATS: ephemeral, never stored, at most one signal per user and room per
/// <see cref="Interval"/> (a client may send one per keystroke).
/// </summary>
public sealed partial class TypingRelay(INatsConnection nats, RoomRegistry rooms, TimeProvider time, ILogger<TypingRelay> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

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

        try
        {
            await nats.PublishAsync(NatsSubjects.Typing(room), Encoding.UTF8.GetBytes(user));
        }
        catch (NatsException exception)
        {
            // Typing is best effort: losing a signal is harmless.
            LogTypingLost(exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogRelaying(NatsSubjects.AllTyping);
        await foreach (var signal in nats.SubscribeAsync<byte[]>(NatsSubjects.AllTyping, cancellationToken: stoppingToken))
        {
            var room = NatsSubjects.RoomOf(signal.Subject);
            if (room is null || signal.Data is null)
            {
                continue;
            }

            var user = Encoding.UTF8.GetString(signal.Data);
            var frame = FrameEncoder.Typing(new TypingFrame(room, user));
            foreach (var member in rooms.Members(room))
            {
                if (member.Session.User.Id != user)
                {
                    member.Deliver(frame);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying typing signals of {Subject}")]
    private partial void LogRelaying(string subject);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A typing signal was lost")]
    private partial void LogTypingLost(Exception exception);
}
