using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.RateLimiting;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.ChatLog;

/// <summary>
/// The one path a message takes into the log, for <c>send</c> frames and <c>POST /rooms/{room}/messages</c> alike:
/// validate, check the room's access decision, bans, mutes and the rate limit, publish, and report the stored seq. A refused message never reaches the log.
/// </summary>
internal sealed partial class ChatMessagePoster(
    ChatLogPublisher publisher,
    SendGate gate,
    RoomAccess access,
    IOptions<ChatOptions> options,
    TimeProvider time,
    ILogger<ChatMessagePoster> logger)
{
    /// <summary>A send slower than this is logged with where its time went: the gate (Redis) and the publish (NATS)
    /// are each bounded well below it, so a slower one means the process itself was stalled (a starved thread pool).</summary>
    private static readonly TimeSpan SlowSend = TimeSpan.FromSeconds(1);

    private readonly ChatOptions limits = options.Value;

    /// <param name="grants">Grant tokens the client presented and the node verified, besides its token's claim.</param>
    public async Task<SendOutcome> PostAsync(
        ChatUser sender, IEnumerable<RoomGrant> grants, string? room, string? clientMsgId, string? text, CancellationToken cancellationToken)
    {
        if (FrameValidation.CheckSend(room, clientMsgId, text, limits.MaxTextLength) is { } invalid)
        {
            return SendOutcome.Refused(invalid);
        }

        if (await access.SendRefusalAsync(sender, room!, grants) is { } refused)
        {
            return SendOutcome.Refused(refused);
        }

        var user = sender.Id;
        var started = time.GetTimestamp();
        var decision = await gate.CheckAsync(user, room!);
        var gated = time.GetTimestamp();
        if (decision.RefusedBecause is { } reason)
        {
            return SendOutcome.Refused(new FrameError(ErrorCodes.Forbidden, reason));
        }

        if (!decision.IsAllowed)
        {
            var milliseconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds));
            return SendOutcome.Refused(new FrameError(ErrorCodes.RateLimited, $"too many messages; retry in {milliseconds} ms", milliseconds));
        }

        try
        {
            var stored = await publisher.PublishMessageAsync(room!, user, clientMsgId!, text!, cancellationToken);
            ReportIfSlow(room!, started, gated);
            return new SendOutcome(stored.Seq, stored.Duplicate, null);
        }
        catch (LogUnavailableException exception)
        {
            return SendOutcome.Refused(new FrameError(ErrorCodes.Internal, exception.Message));
        }
    }

    private void ReportIfSlow(string room, long started, long gated)
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(started, now) > SlowSend)
        {
            LogSlowSend(room, time.GetElapsedTime(started, gated).TotalMilliseconds, time.GetElapsedTime(gated, now).TotalMilliseconds,
                ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow send to {Room}: gate {GateMs:F0} ms, publish {PublishMs:F0} ms (thread pool: {Threads} threads, {Queued} items queued)")]
    private partial void LogSlowSend(string room, double gateMs, double publishMs, int threads, long queued);
}
