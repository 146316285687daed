using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Npgsql;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// What every server API call goes through, in this order: the key (401 <c>unauthorized</c>), the key's rate limit
/// (429 <c>rate_limited</c> with <c>Retry-After</c>), the audit row (503 <c>internal</c> when it cannot be written), the
/// scope (403 <c>forbidden</c>, reason <c>scope_required</c>; the refusal is audited too), then the call itself. Calls
/// refused before a key is known or over the rate limit leave no row: a flood must not flood the audit log.
/// </summary>
internal sealed partial class ServerApiGate(ApiKeyVerifier keys, ServerApiRateLimiter limiter, ServerApiAudit audit, ILogger<ServerApiGate> logger)
{
    public async Task<IResult> RunAsync(
        HttpRequest request, string scope, string action, string? room, string? user, ulong? seq, Func<ApiCaller, Task<IResult>> call)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        ApiCaller? caller;
        try
        {
            caller = await keys.VerifyAsync(request.Headers.Authorization, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            LogKeysUnavailable(exception);
            return HttpErrors.From(new FrameError(ErrorCodes.Internal, "API keys cannot be verified now"));
        }

        if (caller is null)
        {
            return HttpErrors.From(new FrameError(ErrorCodes.Unauthorized, "a valid API key is required: Authorization: Bearer lk_…"));
        }

        if (!limiter.TryAcquire(caller.Id, out var retryAfter))
        {
            var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
            return HttpErrors.From(new FrameError(ErrorCodes.RateLimited, $"too many calls with this key; retry in {milliseconds} ms", milliseconds));
        }

        var allowed = caller.Scopes.Contains(scope, StringComparer.Ordinal);
        try
        {
            await audit.WriteAsync(caller, action, room, user, seq, allowed ? null : $"refused: the key has no '{scope}' scope", cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            LogAuditUnavailable(action, exception);
            return HttpErrors.From(new FrameError(ErrorCodes.Internal, "the call cannot be audited now; nothing was done"));
        }

        return allowed
            ? await call(caller)
            : HttpErrors.From(new FrameError(ErrorCodes.Forbidden, $"this key has no '{scope}' scope", Reason: ForbiddenReasons.ScopeRequired));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server API: API keys cannot be read")]
    private partial void LogKeysUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server API: the audit row of {Action} cannot be written; the call is refused")]
    private partial void LogAuditUnavailable(string action, Exception exception);
}
