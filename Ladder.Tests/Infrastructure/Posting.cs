using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Infrastructure;

/// <summary>Posts messages over <c>POST /rooms/{room}/messages</c>, spread over several users so that no one
/// user's send rate limit is reached.</summary>
public static class Posting
{
    public const int PerUser = 25;

    /// <summary>Posts <paramref name="count"/> messages; returns their seqs, ascending.</summary>
    public static async Task<List<ulong>> ManyAsync(Uri node, string room, int count, string usersPrefix, CancellationToken cancellationToken = default)
    {
        var users = (count + PerUser - 1) / PerUser;
        var seqs = await Task.WhenAll(Enumerable.Range(0, users).Select(async index =>
        {
            var user = $"{usersPrefix}{index}";
            using var http = await ClientAsync(node, user);
            var mine = new List<ulong>();
            for (var i = index * PerUser; i < Math.Min(count, (index + 1) * PerUser); i++)
            {
                mine.Add(await OneAsync(http, room, $"{user}-{i}", $"message {i}", cancellationToken));
            }

            return mine;
        }));
        return [.. seqs.SelectMany(list => list).Order()];
    }

    public static async Task<HttpClient> ClientAsync(Uri node, string user)
    {
        var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestSocket.TokenAsync(node, user));
        return http;
    }

    public static async Task<ulong> OneAsync(HttpClient http, string room, string clientMsgId, string text, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"/rooms/{room}/messages", new PostMessageRequest(clientMsgId, text), WireJsonContext.Default.PostMessageRequest, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {room} {clientMsgId}: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, WireJsonContext.Default.PostMessageResponse)!.Seq;
    }
}
