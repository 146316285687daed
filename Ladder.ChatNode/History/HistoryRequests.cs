using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.History;

/// <summary>History pages for the <c>history</c> frame and <c>GET /rooms/{room}/messages</c>: same checks, same source.</summary>
internal sealed class HistoryRequests(IHistorySource source, IOptions<ChatOptions> options)
{
    private readonly ChatOptions limits = options.Value;

    public async Task<(HistoryResponse? Page, FrameError? Error)> ReadAsync(string? room, ulong? before, int? limit, CancellationToken cancellationToken)
    {
        if (FrameValidation.CheckRoom(room) is { } invalid)
        {
            return (null, invalid);
        }

        var size = limit ?? limits.HistoryDefaultLimit;
        if (size < 1 || size > limits.HistoryMaxLimit)
        {
            return (null, new FrameError(ErrorCodes.BadFrame, $"limit must be 1-{limits.HistoryMaxLimit}"));
        }

        try
        {
            return (await source.ReadAsync(room!, before, size, cancellationToken), null);
        }
        catch (HistoryUnavailableException exception)
        {
            return (null, new FrameError(ErrorCodes.Internal, exception.Message));
        }
    }

    public async Task<FrameError?> HandleAsync(ChatSession session, ClientFrame frame)
    {
        var (page, error) = await ReadAsync(frame.Room, frame.Before, frame.Limit, session.Closing);
        if (page is not null)
        {
            await session.SendAsync(FrameEncoder.History(new HistoryFrame(page.Room, page.Messages, page.HasMore)));
        }

        return error;
    }
}
