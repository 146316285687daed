using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.History;

/// <summary>History pages for the <c>history</c> frame and <c>GET /rooms/{room}/messages</c>: same checks (the room's
/// access decision among them), same source.</summary>
internal sealed class HistoryRequests(IHistorySource source, RoomAccess access, GrantTokens grantTokens, TimeProvider time, IOptions<HistoryOptions> options, IOptions<RoomOptions> roomOptions)
{
    private readonly HistoryOptions limits = options.Value;
    private readonly int maxRooms = roomOptions.Value.MaxRoomsPerConnection;

    public async Task<(HistoryResponse? Page, FrameError? Error)> ReadAsync(
        ChatUser user, IEnumerable<RoomGrant> grants, string? room, ulong? before, int? limit, CancellationToken cancellationToken)
    {
        if (FrameValidation.CheckRoom(room) is { } invalid)
        {
            return (null, invalid);
        }

        if (await access.ReadRefusalAsync(user, room!, grants) is { } refused)
        {
            return (null, refused);
        }

        return await PageAsync(room!, before, limit, cancellationToken);
    }

    /// <summary>A page for the server API: every room a client could read, whatever grants it would need.</summary>
    public async Task<(HistoryResponse? Page, FrameError? Error)> ReadForServerAsync(string room, ulong? before, int? limit, CancellationToken cancellationToken)
    {
        if (FrameValidation.CheckRoom(room) is { } invalid)
        {
            return (null, invalid);
        }

        if (access.ServerSendRefusal(room) is { } refused)
        {
            return (null, refused);
        }

        return await PageAsync(room, before, limit, cancellationToken);
    }

    private async Task<(HistoryResponse? Page, FrameError? Error)> PageAsync(string room, ulong? before, int? limit, CancellationToken cancellationToken)
    {
        var maxLimit = access.PolicyOf(room).HistoryMaxLimit ?? limits.HistoryMaxLimit;
        var size = limit ?? Math.Min(limits.HistoryDefaultLimit, maxLimit);
        if (size < 1 || size > maxLimit)
        {
            return (null, new FrameError(ErrorCodes.BadFrame, $"limit must be 1-{maxLimit}"));
        }

        try
        {
            return (await source.ReadAsync(room, before, size, cancellationToken), null);
        }
        catch (HistoryUnavailableException exception)
        {
            return (null, new FrameError(ErrorCodes.Internal, exception.Message));
        }
    }

    public async Task<FrameError?> HandleAsync(ChatSession session, ClientFrame frame)
    {
        if (frame.Grant is not null && RoomNames.IsValid(frame.Room))
        {
            var (grant, invalid) = await grantTokens.VerifyAsync(session.User, frame.Grant, frame.Room);
            if (invalid is not null)
            {
                return invalid;
            }

            session.AddGrants([grant!], maxRooms, time.GetUtcNow());
        }

        var (page, error) = await ReadAsync(session.User, session.Grants, frame.Room, frame.Before, frame.Limit, session.Closing);
        if (page is not null)
        {
            await session.SendAsync(FrameEncoder.History(new HistoryFrame(page.Room, page.Messages, page.HasMore)));
        }

        return error;
    }
}
