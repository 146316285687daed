using System.Text.Json;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Protocol;

/// <summary>Encodes server frames with the source-generated wire context.</summary>
internal static class FrameEncoder
{
    public static OutboundFrame Welcome(WelcomeFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.WelcomeFrame));

    public static OutboundFrame Joined(JoinedFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.JoinedFrame), frame.Room, frame.Head);

    public static OutboundFrame Message(MessageFrame frame) => new(ServerFrameTypes.Message, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.MessageFrame), frame.Room, frame.Seq, frame.Seq);

    public static OutboundFrame Left(LeftFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.LeftFrame), frame.Room);

    public static OutboundFrame Synced(SyncedFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.SyncedFrame), frame.Room, frame.Seq);

    public static OutboundFrame Truncated(TruncatedFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.TruncatedFrame), frame.Room);

    public static OutboundFrame Ack(AckFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.AckFrame), frame.Room);

    public static OutboundFrame Deleted(DeletedFrame frame, ulong logSeq) => new(ServerFrameTypes.Deleted, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.DeletedFrame), frame.Room, frame.Seq, logSeq);

    public static OutboundFrame Presence(PresenceFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.PresenceFrame), frame.Room);

    public static OutboundFrame Typing(TypingFrame frame) => new(ServerFrameTypes.Typing, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.TypingFrame), frame.Room);

    public static OutboundFrame History(HistoryFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.HistoryFrame), frame.Room);

    public static OutboundFrame Refreshed(RefreshedFrame frame) => new(frame.Type, JsonSerializer.SerializeToUtf8Bytes(frame, WireJsonContext.Default.RefreshedFrame));

    public static readonly OutboundFrame Pong = new(ServerFrameTypes.Pong, JsonSerializer.SerializeToUtf8Bytes(new PongFrame(), WireJsonContext.Default.PongFrame));

    public static OutboundFrame Error(FrameError error, string? reference) =>
        new(ServerFrameTypes.Error, JsonSerializer.SerializeToUtf8Bytes(
            new ErrorFrame(error.Code, error.Message, reference, error.RetryAfterMs, error.Reason, error.Room), WireJsonContext.Default.ErrorFrame));

    /// <summary>RFC 3339 UTC with milliseconds, as every <c>ts</c> of the protocol.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
