using System.Text.Json;
using Ladder.Contracts.State;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>The listings of open sessions the nodes keep in Redis for the admin console: written when a session opens
/// or changes rooms, removed when it closes, with a TTL in case its node dies.</summary>
[Collection(LadderCollection.Name)]
public sealed class SessionListingTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ListingFollowsTheSessionsRoomsAndGoesWithIt()
    {
        var user = $"listed-{Guid.NewGuid():N}"[..16];
        var (first, second) = (Rooms.New(), Rooms.New());
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var redis = stores.Redis.GetDatabase();
        var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.JoinAsync(first);
        await socket.JoinAsync(second);
        var both = await ListingAsync(redis, user, rooms => rooms.Count == 2);
        await socket.SendAsync(new { type = "leave", room = first });
        var one = await ListingAsync(redis, user, rooms => rooms.Count == 1);
        var ttl = await redis.KeyTimeToLiveAsync(RedisKeys.UserSessions(user));
        await socket.DisposeAsync();
        var gone = await PlatformStores.EventuallyAsync(
            async () => await redis.HashLengthAsync(RedisKeys.UserSessions(user)) == 0 ? "gone" : null, "listing removed");

        Assert.Equal("chat-1", both.Node);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), both.Rooms.Order(StringComparer.Ordinal));
        Assert.Equal([second], one.Rooms);
        Assert.Equal(both.Session, one.Session);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal("gone", gone);
    }

    private static Task<UserSession> ListingAsync(StackExchange.Redis.IDatabase redis, string user, Func<IReadOnlyList<string>, bool> rooms) =>
        PlatformStores.EventuallyAsync(async () =>
        {
            var entries = await redis.HashGetAllAsync(RedisKeys.UserSessions(user));
            return entries.Length == 1
                && JsonSerializer.Deserialize(entries[0].Value.ToString(), StateJsonContext.Default.UserSession) is { } listing
                && rooms(listing.Rooms)
                ? listing
                : null;
        }, $"listing of {user}");
}
