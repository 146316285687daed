using System.Net.Http.Json;
using Ladder.Contracts.Wire;

namespace Ladder.Bench.Net;

/// <summary>Development tokens from <c>POST /dev/token</c>, fetched before a measurement so that it times only connections.</summary>
public sealed class TokenFetcher(IReadOnlyList<Uri> nodes) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<string[]> FetchAsync(IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var tokens = new string[users.Count];
        await Parallel.ForAsync(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var node = nodes[i % nodes.Count];
            using var response = await http.PostAsJsonAsync(new Uri(node, "/dev/token"), new DevTokenRequest(users[i]), WireJsonContext.Default.DevTokenRequest, token);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync(WireJsonContext.Default.DevTokenResponse, token)
                ?? throw new InvalidOperationException("empty /dev/token answer");
            tokens[i] = body.Token;
        });
        return tokens;
    }

    public void Dispose() => http.Dispose();
}
