using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.History;
using Ladder.ChatNode.Presence;
using Ladder.ChatNode.RateLimiting;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Protocol;

/// <summary>
/// Handles one client frame of a session, whatever its transport. Frames of a session are handled one at a time,
/// in order, so its acks and answers come in the order of its frames.
/// </summary>
internal sealed class ChatFrameHandler(
    RoomJoiner joiner,
    ChatMessagePoster poster,
    TypingRelay typing,
    HistoryRequests history,
    RoomAccess access,
    GrantTokens grantTokens,
    TokenService tokens,
    ChatMetrics metrics,
    TimeProvider time,
    IOptions<RoomOptions> roomOptions,
    IOptions<SendLimitOptions> sendOptions)
{
    private readonly RoomOptions roomLimits = roomOptions.Value;
    private readonly int floodStrikes = sendOptions.Value.FloodStrikes;

    public async Task HandleAsync(ChatSession session, ReadOnlyMemory<byte> utf8)
    {
        var frame = ClientFrameParser.Parse(utf8.Span);
        var error = frame.Error ?? JoinBudget(session, frame) ?? frame.Type switch
        {
            ClientFrameTypes.Hello => await HelloAsync(session, frame),
            ClientFrameTypes.Join => await JoinAsync(session, frame),
            ClientFrameTypes.Leave => Leave(session, frame),
            ClientFrameTypes.Send => await SendAsync(session, frame),
            ClientFrameTypes.Typing => await TypingAsync(session, frame),
            ClientFrameTypes.History => await history.HandleAsync(session, frame),
            ClientFrameTypes.Ping => await PongAsync(session),
            ClientFrameTypes.Refresh => await RefreshAsync(session, frame),
            _ => new FrameError(ErrorCodes.UnknownType, $"unknown frame type '{frame.Type}'"),
        };

        if (error is not null)
        {
            metrics.Refused(error.Code);
            await session.SendAsync(FrameEncoder.Error(error, frame.Ref));
        }
    }

    /// <summary>Joins and leaves fan presence out to every member of the room on every node: each connection has a
    /// budget of them (a <c>hello</c> counts once).</summary>
    private FrameError? JoinBudget(ChatSession session, ClientFrame frame)
    {
        if (frame.Type is not (ClientFrameTypes.Join or ClientFrameTypes.Leave or ClientFrameTypes.Hello)
            || session.TryJoinOrLeave(roomLimits.JoinsPerSecond, roomLimits.JoinBurst, time.GetUtcNow().UtcTicks, out var retryAfter))
        {
            return null;
        }

        return new FrameError(
            ErrorCodes.RateLimited,
            "too many joins and leaves; wait retryAfterMs",
            Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds)));
    }

    private async Task<FrameError?> HelloAsync(ChatSession session, ClientFrame frame)
    {
        var resume = frame.Resume ?? [];
        if (resume.FirstOrDefault(entry => !RoomNames.IsValid(entry.Key)) is { Key: not null } invalid)
        {
            return new FrameError(ErrorCodes.InvalidRoom, $"resume names an invalid room '{invalid.Key}'");
        }

        // Grants first, so the rooms they open resume with the others; an invalid one is answered on its own and its
        // room is refused by the access decision like any room without a grant.
        foreach (var token in frame.Grants ?? [])
        {
            var (grant, invalidGrant) = await grantTokens.VerifyAsync(session.User, token);
            if (invalidGrant is not null)
            {
                await Refuse(session, invalidGrant, frame);
                continue;
            }

            session.AddGrants([grant!], roomLimits.MaxRoomsPerConnection, time.GetUtcNow());
        }

        // A room named twice resumes once, from its last position (as a JSON object read into a map would).
        var entries = resume.GroupBy(entry => entry.Key, StringComparer.Ordinal).Select(group => group.Last()).ToList();

        // Rooms already joined are joined again in place; the others get what room is left, in the order sent, and
        // each one past the cap is refused on its own. RoomJoiner enforces the cap again when it registers a member.
        var free = roomLimits.MaxRoomsPerConnection - session.RoomCount;
        var admitted = new List<KeyValuePair<string, ulong>>(entries.Count);
        var refused = new List<string>();
        foreach (var entry in entries)
        {
            if (session.Membership(entry.Key) is not null || free-- > 0)
            {
                admitted.Add(entry);
            }
            else
            {
                refused.Add(entry.Key);
            }
        }

        foreach (var room in refused)
        {
            await Refuse(session, joiner.TooManyRooms(room), frame);
        }

        // Rooms resume side by side; within each, order holds.
        var errors = await Task.WhenAll(admitted.Select(entry => joiner.JoinAsync(session, entry.Key, entry.Value)));
        foreach (var error in errors.Skip(1).Where(error => error is not null))
        {
            await Refuse(session, error!, frame);
        }

        return errors.FirstOrDefault();
    }

    private async Task Refuse(ChatSession session, FrameError error, ClientFrame frame)
    {
        metrics.Refused(error.Code);
        await session.SendAsync(FrameEncoder.Error(error, frame.Ref));
    }

    private async Task<FrameError?> JoinAsync(ChatSession session, ClientFrame frame)
    {
        if (FrameValidation.CheckRoom(frame.Room) is { } invalid)
        {
            return invalid;
        }

        if (frame.Grant is not null)
        {
            var (grant, refused) = await grantTokens.VerifyAsync(session.User, frame.Grant, frame.Room);
            if (refused is not null)
            {
                return refused;
            }

            session.AddGrants([grant!], roomLimits.MaxRoomsPerConnection, time.GetUtcNow());
        }

        return await joiner.JoinAsync(session, frame.Room!, frame.LastKnownId);
    }

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

        var outcome = await poster.PostAsync(session.User, session.Grants, frame.Room, frame.ClientMsgId, frame.Text, session.Closing);
        if (outcome.Error is { } error)
        {
            if (error.Code == ErrorCodes.RateLimited && session.RefusedSend(floodStrikes))
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

        if (await access.TypingRefusalAsync(session.User, frame.Room!, session.Grants) is { } refused)
        {
            return refused;
        }

        await typing.PublishAsync(frame.Room!, session.User.Id);
        return null;
    }

    /// <summary>A new token for the same user keeps the session and its rooms; anything else ends the session (1008):
    /// a connection never changes whom it speaks for.</summary>
    private async Task<FrameError?> RefreshAsync(ChatSession session, ClientFrame frame)
    {
        if (frame.Token is null)
        {
            return new FrameError(ErrorCodes.BadFrame, "token is missing");
        }

        var refreshed = await tokens.ValidateAsync(frame.Token);
        if (refreshed is null || !session.Refresh(refreshed))
        {
            session.Close(CloseCodes.PolicyViolation, refreshed is null ? "refresh with an invalid or expired token" : "refresh with another user's token");
            return null;
        }

        await session.SendAsync(FrameEncoder.Refreshed(new RefreshedFrame(refreshed.ExpiresAt)));
        return null;
    }

    private static async Task<FrameError?> PongAsync(ChatSession session)
    {
        await session.SendAsync(FrameEncoder.Pong);
        return null;
    }
}
