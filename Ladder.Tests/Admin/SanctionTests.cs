using Ladder.Contracts.Moderation;
using Ladder.Contracts.State;
using Npgsql;

namespace Ladder.Tests.Admin;

/// <summary>Bans, mutes and kicks through the archiver's consumers: audit rows, durable records and the Redis cache the
/// chat nodes check (the nodes' enforcement is tested with the chat node).</summary>
[Collection(ModerationCollection.Name)]
public sealed class SanctionTests(ModerationAppFixture fixture)
{
    [Fact]
    public async Task TimedBanLandsInRedisWithTheRemainingTimeAndInPostgres()
    {
        var user = NewUser("ban");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new BanUser(user, DateTimeOffset.UtcNow.AddHours(1), "mod-test", "flooding"));

        var redis = stores.Redis.GetDatabase();
        var reason = await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Ban(user)), "ban key");
        Assert.Equal("flooding", reason);
        var ttl = await redis.KeyTimeToLiveAsync(RedisKeys.Ban(user));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(60));

        Assert.Equal($"mod-test|ban||{user}||flooding", await PlatformStores.EventuallyAsync(() => stores.AuditAsync("ban", null, user), "audit row"));
        await using var command = stores.Database.CreateCommand("SELECT expires_at > now() + interval '55 minutes' FROM moderation_bans WHERE user_name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task BanWhoseEndHasPassedLiftsTheBan()
    {
        var user = NewUser("lift");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var redis = stores.Redis.GetDatabase();

        await bus.PublishAsync(new BanUser(user, null, "mod-test", "ban"));
        await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Ban(user)), "ban key");
        await bus.PublishAsync(new BanUser(user, DateTimeOffset.UtcNow, "mod-test", "lifted"));

        await PlatformStores.EventuallyAsync(async () => await redis.KeyExistsAsync(RedisKeys.Ban(user)) ? null : "gone", "ban key removed");
        Assert.Equal(2, await stores.CountAuditAsync("ban", user));
    }

    [Fact]
    public async Task PermanentBanHasNoExpiry()
    {
        var user = NewUser("ban");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new BanUser(user, null, "mod-test", null));

        var redis = stores.Redis.GetDatabase();
        Assert.Equal("", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Ban(user)), "ban key"));
        Assert.Null(await redis.KeyTimeToLiveAsync(RedisKeys.Ban(user)));
    }

    [Fact]
    public async Task MutesLandPerRoomAndEverywhere()
    {
        var user = NewUser("mute");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new MuteUser(user, "lobby", DateTimeOffset.UtcNow.AddMinutes(10), "mod-test", "off topic"));
        await bus.PublishAsync(new MuteUser(user, null, null, "mod-test", "everywhere"));

        var redis = stores.Redis.GetDatabase();
        Assert.Equal("off topic", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Mute(user, "lobby")), "room mute key"));
        Assert.InRange((await redis.KeyTimeToLiveAsync(RedisKeys.Mute(user, "lobby")))!.Value, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(10));
        Assert.Equal("everywhere", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Mute(user, null)), "global mute key"));
        Assert.Null(await redis.KeyTimeToLiveAsync(RedisKeys.Mute(user, null)));
        await PlatformStores.EventuallyAsync(async () => await stores.CountAuditAsync("mute", user) == 2 ? "two" : null, "two mute audit rows");
    }

    [Fact]
    public async Task KickIsAudited()
    {
        var user = NewUser("kick");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new KickUser(user, "mod-test", "cool down"));

        Assert.Equal($"mod-test|kick||{user}||cool down", await PlatformStores.EventuallyAsync(() => stores.AuditAsync("kick", null, user), "audit row"));
    }

    [Fact]
    public async Task ClosedRoomLandsInRedisAndTheAuditLog()
    {
        var room = $"closed-{Guid.NewGuid():N}"[..20];
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new CloseRoom(room, "mod-test", "archived event"));

        var redis = stores.Redis.GetDatabase();
        Assert.Equal("archived event", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.ClosedRoom(room)), "closed key"));
        Assert.Equal($"mod-test|close-room|{room}|||archived event", await PlatformStores.EventuallyAsync(() => stores.AuditAsync("close-room", room, null), "audit row"));
    }

    [Fact]
    public async Task MutesAndClosesOfNamespacedRoomsAreApplied()
    {
        // The rooms of protocol v1.1 (team:x, dm:a,b) are moderated like any other, not dead-lettered as malformed.
        var user = NewUser("mute");
        var conversation = "dm:" + string.Join(',', new[] { user, NewUser("peer") }.Order(StringComparer.Ordinal));
        var team = $"team:acme-{Guid.NewGuid():N}"[..24];
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new MuteUser(user, conversation, DateTimeOffset.UtcNow.AddMinutes(10), "mod-test", "in the dm"));
        await bus.PublishAsync(new MuteUser(user, team, null, "mod-test", "in the team"));
        await bus.PublishAsync(new CloseRoom(team, "mod-test", "team disbanded"));

        var redis = stores.Redis.GetDatabase();
        Assert.Equal("in the dm", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Mute(user, conversation)), "dm mute key"));
        Assert.Equal("in the team", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.Mute(user, team)), "team mute key"));
        Assert.Equal("team disbanded", await PlatformStores.EventuallyAsync(async () => (string?)await redis.StringGetAsync(RedisKeys.ClosedRoom(team)), "closed key"));
        Assert.Equal($"mod-test|mute|{conversation}|{user}||in the dm", await PlatformStores.EventuallyAsync(() => stores.AuditAsync("mute", conversation, user), "dm mute audit row"));
        Assert.Equal($"mod-test|close-room|{team}|||team disbanded", await PlatformStores.EventuallyAsync(() => stores.AuditAsync("close-room", team, null), "close audit row"));
    }

    [Fact]
    public async Task CommandForAnInvalidRoomIsRefusedAndNotAudited()
    {
        var room = $"ok-{Guid.NewGuid():N}"[..20];
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        // dm: rooms name their two users sorted, so "dm:zed,amy" is no room at all.
        await bus.PublishAsync(new CloseRoom("dm:zed,amy", "mod-test", "x"));
        await bus.PublishAsync(new CloseRoom(room, "mod-test", "after"));
        await PlatformStores.EventuallyAsync(() => stores.AuditAsync("close-room", room, null), "valid close audited");
        Assert.Null(await stores.AuditAsync("close-room", "dm:zed,amy", null));
    }

    [Fact]
    public async Task CommandForAnInvalidUserIsRefusedAndNotAudited()
    {
        var user = NewUser("ok");
        await using var bus = await ModerationBus.StartAsync(fixture);
        await using var stores = await PlatformStores.OpenAsync(fixture);

        await bus.PublishAsync(new KickUser("not a valid name!", "mod-test", "x"));
        // Queued behind the refused one on another queue is no ordering guarantee; the kick queue is ordered, so a valid
        // kick after it proves the refused one was handled (and not audited) first.
        await bus.PublishAsync(new KickUser(user, "mod-test", "after"));
        await PlatformStores.EventuallyAsync(() => stores.AuditAsync("kick", null, user), "valid kick audited");
        Assert.Null(await stores.AuditAsync("kick", null, "not a valid name!"));
    }

    private static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
