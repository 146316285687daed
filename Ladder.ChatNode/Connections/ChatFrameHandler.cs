using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.Presence;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Connections;

/// <summary>
/// Handles one client frame of a session, whatever its transport. Frames of a session are handled one at a time,
/// in order, so its acks and answers come in the order of its frames.
/// </summary>
public sealed class ChatFrameHandler(
    RoomJoiner joiner,
    MessageSender sender,
    TypingRelay typing,
    HistoryRequests history,
    ChatMetrics metrics,
    IOptions<ChatOptions> options)
{
    private readonly ChatOptions limits = options.Value;

    public async Task HandleAsync(ChatSession session, ReadOnlyMemory<byte> utf8)
    {
        var frame = ClientFrameParser.Parse(utf8.Span);
        var error = frame.Error ?? frame.Type switch
        {
            ClientFrameTypes.Hello => await HelloAsync(session, frame),
            ClientFrameTypes.Join => await JoinAsync(session, frame),
            ClientFrameTypes.Leave => Leave(session, frame),
            ClientFrameTypes.Send => await SendAsync(session, frame),
            ClientFrameTypes.Typing => await TypingAsync(session, frame),
            ClientFrameTypes.History => await history.HandleAsync(session, frame),
            ClientFrameTypes.Ping => await PongAsync(session),
            _ => new FrameError(ErrorCodes.UnknownType, $"unknown frame type '{frame.Type}'"),
        };

        if (error is not null)
        {
            metrics.Refused(error.Code);
            await session.SendAsync(FrameEncoder.Error(error, frame.Ref));
        }
    }

    private async Task<FrameError?> HelloAsync(ChatSession session, ClientFrame frame)
    {
        var resume = frame.Resume ?? [];
        if (resume.FirstOrDefault(entry => !FrameValidation.IsValidRoom(entry.Key)) is { Key: not null } invalid)
        {
            return new FrameError(ErrorCodes.InvalidRoom, $"resume names an invalid room '{invalid.Key}'");
        }

        // Rooms resume side by side; within each, order holds.
        var errors = await Task.WhenAll(resume.Select(entry => joiner.JoinAsync(session, entry.Key, entry.Value)));
        return errors.FirstOrDefault(error => error is not null);
    }

    private async Task<FrameError?> JoinAsync(ChatSession session, ClientFrame frame) =>
        FrameValidation.CheckRoom(frame.Room) ?? await joiner.JoinAsync(session, frame.Room!, frame.LastKnownId);

    private static FrameError? Leave(ChatSession session, ClientFrame frame)
    {
        if (FrameValidation.CheckRoom(frame.Room) is { } invalid)
        {
            return invalid;
        }

        var member = session.Membership(frame.Room!);
        if (member is null || !member.Remove(FrameEncoder.Left(new LeftFrame(frame.Room!))))
        {
            return new FrameError(ErrorCodes.NotJoined, $"not in room '{frame.Room}'");
        }

        return null;
    }

    private async Task<FrameError?> SendAsync(ChatSession session, ClientFrame frame)
    {
        if (FrameValidation.CheckRoom(frame.Room) is null && session.Membership(frame.Room!) is null)
        {
            return new FrameError(ErrorCodes.NotJoined, $"join '{frame.Room}' before sending to it");
        }

        var outcome = await sender.SendAsync(session.User.Id, frame.Room, frame.ClientMsgId, frame.Text, session.Closing);
        if (outcome.Error is { } error)
        {
            if (error.Code == ErrorCodes.RateLimited && session.RefusedSend(limits.FloodStrikes))
            {
                await session.SendAsync(FrameEncoder.Error(error, frame.Ref));
                session.Close(CloseCodes.Flood, "flood: kept sending after rate_limited");
                return null;
            }

            return error;
        }

        session.AcceptedSend();
        await session.SendAsync(FrameEncoder.Ack(new AckFrame(frame.Room!, frame.ClientMsgId!, outcome.Seq, outcome.Duplicate)));
        return null;
    }

    private async Task<FrameError?> TypingAsync(ChatSession session, ClientFrame frame)
    {
        if (FrameValidation.CheckRoom(frame.Room) is { } invalid)
        {
            return invalid;
        }

        if (session.Membership(frame.Room!) is null)
        {
            return new FrameError(ErrorCodes.NotJoined, $"join '{frame.Room}' before typing in it");
        }

        await typing.PublishAsync(frame.Room!, session.User.Id);
        return null;
    }

    private static async Task<FrameError?> PongAsync(ChatSession session)
    {
        await session.SendAsync(FrameEncoder.Pong);
        return null;
    }
}
