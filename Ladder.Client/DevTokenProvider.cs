using System.Net.Http.Json;
using Ladder.Contracts.Wire;

namespace Ladder.Client;

/// <summary>
/// Development tokens from <c>POST /dev/token</c> (only on chat nodes configured with <c>Chat:DevTokens=true</c>), cached until
/// shortly before they expire and fetched from the next node when one does not answer.
/// </summary>
public sealed class DevTokenProvider(HttpClient http, IReadOnlyList<Uri> nodes, string user)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private DevTokenResponse? _current;

    /// <summary>The provider to put in <see cref="LadderClientOptions.TokenProvider"/>.</summary>
    public Func<CancellationToken, ValueTask<string>> Provider => GetTokenAsync;

    /// <summary>A token for the user: the cached one while it is valid for 30 s more, else a fresh one from the
    /// first node that answers.</summary>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } cached && cached.ExpiresAt - RefreshMargin > DateTimeOffset.UtcNow)
        {
            return cached.Token;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fetched && fetched.ExpiresAt - RefreshMargin > DateTimeOffset.UtcNow)
            {
                return fetched.Token;
            }

            Exception? last = null;
            foreach (var node in nodes)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync(
                        new Uri(node, "/dev/token"), new DevTokenRequest(user), WireJsonContext.Default.DevTokenRequest, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    _current = await response.Content.ReadFromJsonAsync(WireJsonContext.Default.DevTokenResponse, cancellationToken)
                        ?? throw new InvalidOperationException("Empty /dev/token answer.");
                    return _current.Token;
                }
                catch (HttpRequestException exception)
                {
                    last = exception;
                }
            }

            throw new HttpRequestException($"No node issued a development token for {user}.", last);
        }
        finally
        {
            _fetching.Release();
        }
    }
}
