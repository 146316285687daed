using System.Collections.Concurrent;
using System.Net.Http.Json;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Access;

/// <summary>
/// Asks the app's backend whether a user without a grant may enter a room of a <see cref="JoinRule.Hook"/> namespace:
/// <c>POST {"user","room"}</c> with the <c>Ladder-Hook-Secret</c> header, answered <see cref="JoinHookAnswer"/>.
/// </summary>
/// <remarks>
/// <para>Each answer is kept per (user, room) for its TTL (allows up to <see cref="JoinHookOptions.MaxCacheTtl"/>,
/// denies up to <see cref="JoinHookOptions.DenyCacheTtl"/>), and callers missing the same key at once share one
/// request: a resume storm of a thousand sessions of one user costs the backend one request, and a storm of a thousand
/// users one each, never more.</para>
/// <para>It fails closed: a timeout, a status other than 2xx, a redirect or an answer without <c>allow</c> refuse the
/// user with <c>hook_unavailable</c>, and such a failure is not kept (the next join asks again).</para>
/// </remarks>
internal sealed partial class JoinHook(IHttpClientFactory clients, IOptions<JoinHookOptions> options, TimeProvider time, ILogger<JoinHook> logger)
{
    /// <summary>The named <see cref="HttpClient"/> of the hook (no resilience handler: a retry would outlast the timeout).</summary>
    public const string ClientName = "join-hook";

    public const string SecretHeader = "Ladder-Hook-Secret";

    private readonly JoinHookOptions settings = options.Value;
    private readonly ConcurrentDictionary<(string User, string Room), JoinHookEntry> answers = new();

    /// <summary>The backend's verdict; without a request when a fresh one is kept (and then without a Task).</summary>
    public ValueTask<JoinHookVerdict> AskAsync(Uri hook, string user, string room)
    {
        if (answers.TryGetValue((user, room), out var entry) && entry.IsFresh(time.GetTimestamp()) && entry.Verdict.IsCompletedSuccessfully)
        {
            return new(entry.Verdict.Result);
        }

        return new(AskOnMissAsync(hook, (user, room)));
    }

    private async Task<JoinHookVerdict> AskOnMissAsync(Uri hook, (string User, string Room) key)
    {
        while (true)
        {
            var now = time.GetTimestamp();
            var mine = new JoinHookEntry();
            if (answers.TryGetValue(key, out var current))
            {
                if (current.IsFresh(now))
                {
                    return await current.Verdict;
                }

                if (answers.TryUpdate(key, mine, current))
                {
                    return await RequestAsync(hook, key, mine);
                }
            }
            else if (HasRoom(now))
            {
                if (answers.TryAdd(key, mine))
                {
                    return await RequestAsync(hook, key, mine);
                }
            }
            else
            {
                return (await CallAsync(hook, key.User, key.Room)).Verdict;
            }

            // Another caller replaced or added the key in between: its entry is the one to wait for.
        }
    }

    private async Task<JoinHookVerdict> RequestAsync(Uri hook, (string User, string Room) key, JoinHookEntry mine)
    {
        var (verdict, ttl) = await CallAsync(hook, key.User, key.Room);
        if (ttl > TimeSpan.Zero)
        {
            mine.Complete(verdict, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        }
        else
        {
            // Not kept (a failure, or ttlSeconds 0): the callers that shared the request get it, the next one asks again.
            mine.Complete(verdict, long.MinValue);
            answers.TryRemove(KeyValuePair.Create(key, mine));
        }

        return verdict;
    }

    /// <summary>Whether one more answer may be kept, dropping the expired ones when the cache is full.</summary>
    private bool HasRoom(long now)
    {
        if (answers.Count < settings.MaxCacheEntries)
        {
            return true;
        }

        foreach (var (key, entry) in answers)
        {
            if (!entry.IsFresh(now))
            {
                answers.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return answers.Count < settings.MaxCacheEntries;
    }

    private async Task<(JoinHookVerdict Verdict, TimeSpan Ttl)> CallAsync(Uri hook, string user, string room)
    {
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook)
            {
                Content = JsonContent.Create(new JoinHookRequest(user, room), JoinHookJsonContext.Default.JoinHookRequest),
            };
            request.Headers.Add(SecretHeader, settings.Secret);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogHookStatus(hook.Authority, room, (int)response.StatusCode);
                return (JoinHookVerdict.Unavailable, TimeSpan.Zero);
            }

            var answer = await response.Content.ReadFromJsonAsync(JoinHookJsonContext.Default.JoinHookAnswer, timeout.Token);
            if (answer is not { Allow: { } allow } || answer.TtlSeconds < 0)
            {
                LogHookMalformed(hook.Authority, room);
                return (JoinHookVerdict.Unavailable, TimeSpan.Zero);
            }

            var asked = answer.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return allow
                ? (new JoinHookVerdict(answer.Send == true, null), Min(asked ?? settings.CacheTtl, settings.MaxCacheTtl))
                : (new JoinHookVerdict(false, ReasonOf(answer.Reason)), Min(asked ?? settings.DenyCacheTtl, settings.DenyCacheTtl));
        }
        catch (Exception exception)
        {
            // Whatever went wrong (timeout, refused connection, a body that is not JSON), the user is refused: an
            // unreachable backend must never open its private rooms.
            LogHookFailed(exception, hook.Authority, room);
            return (JoinHookVerdict.Unavailable, TimeSpan.Zero);
        }
    }

    /// <summary>The backend's reason when it is a plain code (what clients switch on), else <c>hook_denied</c>.</summary>
    private static string ReasonOf(string? reason) =>
        reason is { Length: > 0 and <= 64 } && RoomNames.IsPlainName(reason) ? reason : ForbiddenReasons.HookDenied;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Join hook {Hook} answered {Status} for {Room}: refused (hook_unavailable)")]
    private partial void LogHookStatus(string hook, string room, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Join hook {Hook} answered without a valid 'allow' for {Room}: refused (hook_unavailable)")]
    private partial void LogHookMalformed(string hook, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Join hook {Hook} failed for {Room}: refused (hook_unavailable)")]
    private partial void LogHookFailed(Exception exception, string hook, string room);
}
