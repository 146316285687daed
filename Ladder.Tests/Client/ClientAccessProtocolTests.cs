using Ladder.Client;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

/// <summary>Protocol v1.1 frames of the .NET client against a scripted server: grants on join, hello and history,
/// forbidden refusals, and the in-session token refresh.</summary>
public sealed class ClientAccessProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly string Key = new('k', 48);
    private readonly ScriptedServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheGrantGoesWithTheJoinTheResumeAndHistoryButNotWithOpenOrDirectRooms()
    {
        var asked = new List<string>();
        await using var client = CreateClient(grants: (room, _) =>
        {
            lock (asked)
            {
                asked.Add(room);
            }

            return ValueTask.FromResult<string?>("grant-for-" + room);
        });
        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;

        var joining = client.JoinAsync("team:x");
        var join = await first.ReceiveAsync(ClientFrameTypes.Join);
        Assert.Equal("grant-for-team:x", join.GetProperty("grant").GetString());
        await first.SendAsync("""{"type":"joined","room":"team:x","head":4}""");
        await joining.WaitAsync(Timeout);

        var plain = client.JoinAsync("general");
        var plainJoin = await first.ReceiveAsync(ClientFrameTypes.Join);
        Assert.False(plainJoin.TryGetProperty("grant", out _));
        await first.SendAsync("""{"type":"joined","room":"general","head":0}""");
        await plain.WaitAsync(Timeout);

        var direct = client.JoinAsync("dm:alice,bob");
        Assert.False((await first.ReceiveAsync(ClientFrameTypes.Join)).TryGetProperty("grant", out _));
        await first.SendAsync("""{"type":"joined","room":"dm:alice,bob","head":0}""");
        await direct.WaitAsync(Timeout);

        var paging = client.HistoryAsync("team:x", before: 3, limit: 2);
        var history = await first.ReceiveAsync(ClientFrameTypes.History);
        Assert.Equal("grant-for-team:x", history.GetProperty("grant").GetString());
        await first.SendAsync("""{"type":"history","room":"team:x","messages":[],"hasMore":false}""");
        await paging.WaitAsync(Timeout);

        _server.DropConnections();
        var second = await _server.AcceptWelcomedAsync(Timeout);
        var hello = await second.ReceiveAsync(ClientFrameTypes.Hello);
        Assert.Equal(4UL, hello.GetProperty("resume").GetProperty("team:x").GetUInt64());
        Assert.Equal(["grant-for-team:x"], hello.GetProperty("grants").EnumerateArray().Select(grant => grant.GetString()));
        lock (asked)
        {
            // Asked for the join, the history and the resume; never for "general" or the dm room.
            Assert.Equal(["team:x", "team:x", "team:x"], asked);
        }
    }

    [Fact]
    public async Task AForbiddenJoinFailsWithItsReasonAndIsNotRetried()
    {
        await using var client = CreateClient(grants: (_, _) => ValueTask.FromResult<string?>(null));
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;

        var joining = client.JoinAsync("team:x");
        var join = await connection.ReceiveAsync(ClientFrameTypes.Join);
        Assert.False(join.TryGetProperty("grant", out _));
        await connection.SendAsync("""{"type":"error","code":"forbidden","message":"no grant","ref":"join","reason":"grant_required","room":"team:x"}""");

        var refusal = await Assert.ThrowsAsync<LadderException>(() => joining.WaitAsync(Timeout));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
        Assert.Equal(ForbiddenReasons.GrantRequired, refusal.Reason);
        Assert.Equal("team:x", refusal.Room);
        Assert.Null(client.GetLastKnownId("team:x"));
        // No join again: the next frame the client writes is the history request made after the refusal.
        _ = client.HistoryAsync("general");
        Assert.Equal(ClientFrameTypes.History, (await connection.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AJoinHookThatCouldNotAnswerIsAskedAgainInTheJoinAndInTheResume()
    {
        await using var client = CreateClient(grants: (_, _) => ValueTask.FromResult<string?>(null));
        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;

        // The node fails closed while the app's backend is slow; the client joins again instead of giving up.
        var joining = client.JoinAsync("hooked:x");
        await first.ReceiveAsync(ClientFrameTypes.Join);
        await first.SendAsync("""{"type":"error","code":"forbidden","message":"the join hook did not answer","ref":"join","reason":"hook_unavailable","room":"hooked:x"}""");
        await first.ReceiveAsync(ClientFrameTypes.Join);
        await first.SendAsync("""{"type":"joined","room":"hooked:x","head":4}""");
        Assert.Equal(4UL, (await joining.WaitAsync(Timeout)).Head);

        _server.DropConnections();
        var second = await _server.AcceptWelcomedAsync(Timeout);
        await second.ReceiveAsync(ClientFrameTypes.Hello);
        await second.SendAsync("""{"type":"error","code":"forbidden","message":"the join hook did not answer","ref":"hello","reason":"hook_unavailable","room":"hooked:x"}""");
        var again = await second.ReceiveAsync(ClientFrameTypes.Join);

        Assert.Equal("hooked:x", again.GetProperty("room").GetString());
        Assert.Equal(4UL, again.GetProperty("lastKnownId").GetUInt64());
        Assert.Equal(4UL, client.GetLastKnownId("hooked:x"));
    }

    [Fact]
    public async Task ARoomRefusedInTheResumeIsGivenUpWithItsReason()
    {
        var errors = new List<ErrorFrame>();
        await using var client = CreateClient(grants: (_, _) => ValueTask.FromResult<string?>("expired"));
        client.ErrorReceived += (_, error) => { lock (errors) { errors.Add(error); } };
        int ErrorCount()
        {
            lock (errors)
            {
                return errors.Count;
            }
        }

        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;
        var joining = client.JoinAsync("team:x");
        await first.ReceiveAsync(ClientFrameTypes.Join);
        await first.SendAsync("""{"type":"joined","room":"team:x","head":2}""");
        await joining.WaitAsync(Timeout);

        _server.DropConnections();
        var second = await _server.AcceptWelcomedAsync(Timeout);
        await second.ReceiveAsync(ClientFrameTypes.Hello);
        await second.SendAsync("""{"type":"error","code":"forbidden","message":"bad grant","ref":"hello","reason":"invalid_grant","room":"team:x"}""");

        // The room is dropped under the client's lock, then ErrorReceived is raised: wait for both.
        await ClientRecorder.WaitAsync(() => client.GetLastKnownId("team:x") is null && ErrorCount() > 0, Timeout, () => "team:x given up and the error raised");
        lock (errors)
        {
            Assert.Equal(ForbiddenReasons.InvalidGrant, Assert.Single(errors).Reason);
        }
    }

    [Fact]
    public async Task TheTokenIsRefreshedBeforeItExpiresWithoutAReconnect()
    {
        var minted = 0;
        await using var client = CreateClient(tokens: _ =>
        {
            Interlocked.Increment(ref minted);
            return ValueTask.FromResult(TestTokens.Sign(Key, "alice", DateTimeOffset.UtcNow.AddSeconds(4)));
        });
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;
        var firstToken = connection.Authorization!["Bearer ".Length..];

        // A 4 s token is refreshed at 80 % of what is left (30 s before expiry only for tokens over 2.5 min).
        var refresh = await connection.ReceiveAsync(ClientFrameTypes.Refresh);
        var newToken = refresh.GetProperty("token").GetString()!;
        Assert.NotEqual(firstToken, newToken);
        await connection.SendAsync($$"""{"type":"refreshed","expiresAt":"{{DateTimeOffset.UtcNow.AddSeconds(4):O}}"}""");

        // The next refresh starts from the new token: the session goes on, on the same connection.
        var again = await connection.ReceiveAsync(ClientFrameTypes.Refresh);
        Assert.NotEqual(newToken, again.GetProperty("token").GetString());
        Assert.Equal(1, _server.ConnectionCount);
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.True(Volatile.Read(ref minted) >= 3);
    }

    [Fact]
    public async Task ATokenExpiredCloseStillReconnectsWithANewToken()
    {
        await using var client = CreateClient(tokens: _ =>
            ValueTask.FromResult(TestTokens.Sign(Key, "alice", DateTimeOffset.UtcNow.AddMinutes(10))));
        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;

        await first.CloseAsync(CloseCodes.TokenExpired);

        var second = await _server.AcceptWelcomedAsync(Timeout);
        Assert.NotNull(second.Authorization);
        Assert.Equal(2, _server.ConnectionCount);
    }

    private LadderClient CreateClient(
        Func<string, CancellationToken, ValueTask<string?>>? grants = null, Func<CancellationToken, ValueTask<string>>? tokens = null) =>
        new(new LadderClientOptions
        {
            Nodes = [_server.Address],
            TokenProvider = tokens ?? (_ => ValueTask.FromResult(TestTokens.Sign(Key, "alice", DateTimeOffset.UtcNow.AddMinutes(10)))),
            GrantProvider = grants,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        });
}
