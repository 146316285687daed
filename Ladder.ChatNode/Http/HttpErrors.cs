using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Http;

/// <summary>The protocol's HTTP error bodies <c>{"code","message"}</c> with their statuses.</summary>
internal static class HttpErrors
{
    public static IResult From(FrameError error)
    {
        var status = error.Code switch
        {
            ErrorCodes.BadFrame or ErrorCodes.InvalidRoom => StatusCodes.Status400BadRequest,
            ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
            ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
            ErrorCodes.NotJoined => StatusCodes.Status403Forbidden,
            ErrorCodes.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        return new ErrorResult(status, new HttpError(error.Code, error.Message, error.RetryAfterMs, error.Reason, error.Room));
    }

    public static IResult Unauthorized() => From(new FrameError(ErrorCodes.Unauthorized, "a valid bearer token is required"));

    public static IResult Forbidden(string message) => From(new FrameError(ErrorCodes.Forbidden, message));

    public static IResult BadRequest(string message) => From(new FrameError(ErrorCodes.BadFrame, message));

    private sealed class ErrorResult(int status, HttpError body) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            if (body.RetryAfterMs is { } milliseconds)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(milliseconds / 1000.0)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return context.Response.WriteAsJsonAsync(body, WireJsonContext.Default.HttpError);
        }
    }
}
