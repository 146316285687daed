using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;
using MassTransit;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// The server API for the app's backend, under <c>/api/v1/</c>: one file per concern (messages, history, presence,
/// disconnect, moderation), every call through <see cref="ServerApiGate"/> (key, rate limit, audit, scope), described
/// by the OpenAPI document at <c>/api/v1/openapi.json</c>.
/// </summary>
internal static class ServerApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static WebApplication MapServerApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).WithTags("server API");
        api.MapServerMessages();
        api.MapServerHistory();
        api.MapServerPresence();
        api.MapServerDisconnect();
        api.MapServerModeration();
        app.MapOpenApi($"{Prefix}/openapi.json");
        return app;
    }

    /// <summary>The protocol's HTTP error bodies the API answers with, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesServerApiErrors(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<HttpError>(StatusCodes.Status400BadRequest)
        .Produces<HttpError>(StatusCodes.Status401Unauthorized)
        .Produces<HttpError>(StatusCodes.Status403Forbidden)
        .Produces<HttpError>(StatusCodes.Status413PayloadTooLarge)
        .Produces<HttpError>(StatusCodes.Status429TooManyRequests)
        .Produces<HttpError>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>202 once the command is on the bus; 503 <c>internal</c> when RabbitMQ did not take it.</summary>
    public static async Task<IResult> PublishAsync(Func<Task> publish)
    {
        try
        {
            await publish();
            return Results.Accepted();
        }
        catch (Exception exception) when (exception is MassTransitException or OperationCanceledException or TimeoutException
            or RabbitMQ.Client.Exceptions.RabbitMQClientException)
        {
            return HttpErrors.From(new FrameError(ErrorCodes.Internal, $"the command could not be sent: {exception.Message}"));
        }
    }
}
