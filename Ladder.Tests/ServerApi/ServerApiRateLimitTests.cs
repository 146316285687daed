using System.Net;
using System.Net.Http.Json;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ServerApi;

/// <summary>The server API's per-key rate limit at its edge: the burst is served, the next call is 429 with
/// Retry-After and the protocol's error body, and another key is not affected.</summary>
[Collection(LimitsCollection.Name)]
public sealed class ServerApiRateLimitTests(LimitsAppFixture fixture)
{
    [Fact]
    public async Task AKeyGetsItsBurstThen429WithRetryAfterAndOtherKeysAreNotAffected()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var room = Rooms.New("api-limit");
        var (_, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Presence);
        var (_, _, other) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Presence);
        using var http = ServerApiKeys.Client(fixture.ChatNode(1), key);
        using var otherHttp = ServerApiKeys.Client(fixture.ChatNode(1), other);

        for (var i = 0; i < LimitsAppFixture.ServerApiBurst; i++)
        {
            using var served = await http.GetAsync($"/api/v1/rooms/{room}/presence");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var limited = await http.GetAsync($"/api/v1/rooms/{room}/presence");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal(ErrorCodes.RateLimited, (await limited.Content.ReadFromJsonAsync<HttpError>())!.Code);

        using var otherServed = await otherHttp.GetAsync($"/api/v1/rooms/{room}/presence");
        Assert.Equal(HttpStatusCode.OK, otherServed.StatusCode);
    }
}
