using Ladder.Client;

namespace Ladder.Tests.Client;

/// <summary>Clients of a test platform with development tokens, and quick reconnects so tests stay short.</summary>
public static class TestClients
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public static string NewUser(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    /// <summary>A client of <paramref name="nodes"/>; tokens come from <paramref name="tokenNodes"/> (default: the same
    /// nodes), since a relay in front of a node may be cut while a token is needed.</summary>
    public static LadderClient Create(string user, IReadOnlyList<Uri> nodes, IReadOnlyList<Uri>? tokenNodes = null) =>
        new(new LadderClientOptions
        {
            Nodes = nodes,
            TokenProvider = new DevTokenProvider(Http, tokenNodes ?? nodes, user).Provider,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });

    public static async Task<LadderClient> ConnectAsync(string user, IReadOnlyList<Uri> nodes, IReadOnlyList<Uri>? tokenNodes = null)
    {
        var client = Create(user, nodes, tokenNodes);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(timeout.Token);
        return client;
    }
}
