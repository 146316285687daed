using Ladder.ChatNode.Access;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// <c>POST /api/v1/rooms/{room}/messages</c>: the app's backend posts as <c>system</c> or as <c>bot:name</c>. The
/// message is stored with its sender kind, so every member sees who posted it (<c>message.senderKind</c>). The room's
/// send rule does not apply (rooms of <c>Server</c> namespaces take posts only from here); user sanctions, the user
/// rate limit and closed rooms do not either: the key's own rate limit does.
/// </summary>
internal static class ServerMessagesEndpoint
{
    /// <summary>A bot's name: "bot:" and a user id of at most 60, so the sender fits the archive's 64.</summary>
    private const int MaxBotName = 60;

    public static RouteGroupBuilder MapServerMessages(this RouteGroupBuilder api)
    {
        api.MapPost("/rooms/{room}/messages", async (string room, HttpRequest request, ServerApiGate gate, RoomAccess access, ChatLogPublisher publisher, IOptions<ChatOptions> options) =>
        {
            if (FrameValidation.CheckRoom(room) is { } invalidRoom)
            {
                return HttpErrors.From(invalidRoom);
            }

            return await gate.RunAsync(request, ApiKeyScopes.Post, ServerApiActions.Post, room, null, null, async caller =>
            {
                var limits = options.Value;
                var (body, refusal) = await LimitedJsonBody.ReadAsync(
                    request, WireJsonContext.Default.ServerPostRequest, limits.MessageBodyLimit, "the body must be a JSON object {\"as\",\"text\",\"clientMsgId\"}");
                if (refusal is not null)
                {
                    return refusal;
                }

                if (SenderOf(body?.As) is not { } sender)
                {
                    return HttpErrors.BadRequest($"as must be \"system\" or \"bot:<name>\" (name 1-{MaxBotName} of [A-Za-z0-9_.-])");
                }

                if (FrameValidation.CheckSend(room, body?.ClientMsgId, body?.Text, limits.MaxTextLength) is { } invalid)
                {
                    return HttpErrors.From(invalid);
                }

                if (access.ServerSendRefusal(room) is { } refused)
                {
                    return HttpErrors.From(refused);
                }

                try
                {
                    var stored = await publisher.PublishServerMessageAsync(room, sender.Name, sender.Kind, body!.ClientMsgId!, body.Text!, request.HttpContext.RequestAborted);
                    return Results.Json(new PostMessageResponse(room, body.ClientMsgId!, stored.Seq, stored.Duplicate), WireJsonContext.Default.PostMessageResponse);
                }
                catch (LogUnavailableException exception)
                {
                    return HttpErrors.From(new FrameError(ErrorCodes.Internal, exception.Message));
                }
            });
        })
        .WithName("PostMessage")
        .WithSummary("Post to a room as the system or as a named bot (scope: post)")
        .Accepts<ServerPostRequest>("application/json")
        .Produces<PostMessageResponse>()
        .ProducesServerApiErrors();

        return api;
    }

    private static (string Name, string Kind)? SenderOf(string? requested) => requested switch
    {
        null or SenderKinds.System => (SenderKinds.System, SenderKinds.System),
        _ when requested.StartsWith("bot:", StringComparison.Ordinal) && requested.Length - 4 <= MaxBotName && UserIds.IsValid(requested[4..])
            => (requested, SenderKinds.Bot),
        _ => null,
    };
}
