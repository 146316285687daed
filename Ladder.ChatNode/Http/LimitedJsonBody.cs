using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;
using Microsoft.AspNetCore.Http.Features;

namespace Ladder.ChatNode.Http;

/// <summary>
/// Reads a small JSON request body under a limit of its own rather than Kestrel's 30 MB default, so that a client
/// (authenticated or not) cannot make a node read megabytes to be told no.
/// </summary>
internal static class LimitedJsonBody
{
    /// <summary>The body, or the answer refusing it: 413 <c>too_large</c> past <paramref name="limit"/> bytes (by
    /// Content-Length before anything is read, or as soon as a chunked body passes it), 400 <c>bad_frame</c> with
    /// <paramref name="badBody"/> for anything that is not the JSON expected.</summary>
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, long limit, string badBody)
    {
        if (request.ContentLength > limit)
        {
            return (default, TooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            return (await request.ReadFromJsonAsync(type, request.HttpContext.RequestAborted), null);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge(limit));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return (default, HttpErrors.BadRequest(badBody));
        }
    }

    private static IResult TooLarge(long limit) =>
        HttpErrors.From(new FrameError(ErrorCodes.TooLarge, $"the body may be at most {limit} bytes"));
}
