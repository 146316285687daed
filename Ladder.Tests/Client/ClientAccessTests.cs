using Ladder.Client;
using Ladder.Contracts.Wire;
using Ladder.Tests.Access;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

/// <summary>The .NET client in private rooms of the real platform (protocol v1.1): grants from a provider on join and
/// on the resume after a drop, a refused join with its reason, and a short-lived token refreshed in the session.</summary>
[Collection(LadderCollection.Name)]
public sealed class ClientAccessTests(LadderAppFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AGrantedClientResumesItsPrivateRoomAfterADropAndMissesNothing()
    {
        var room = Grants.TeamRoom();
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        await using var reader = await ConnectAsync(key, Grants.User("rdr"), TimeSpan.FromMinutes(10), fixture.ChatNode(1));
        await using var writer = await ConnectAsync(key, Grants.User("wrt"), TimeSpan.FromMinutes(10), fixture.ChatNode(2));
        var atReader = new ClientRecorder(reader);
        await reader.JoinAsync(room);
        await writer.JoinAsync(room);
        var before = await writer.SendAsync(room, "before the drop");
        await atReader.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == before), Timeout, "the first message");

        Assert.True(reader.DropConnection());
        await atReader.WaitForStateAsync(ConnectionState.Reconnecting, Timeout);
        ulong[] during = [await writer.SendAsync(room, "during 1"), await writer.SendAsync(room, "during 2")];
        var after = await writer.SendAsync(room, "after");

        // Without the grant in the hello the room would be refused on the new session and these never arrive.
        await atReader.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == after), Timeout, "the message after the drop");
        Assert.Equal([before, .. during, after], atReader.In(room).Select(message => message.Seq));
        Assert.DoesNotContain(atReader.Errors, error => error.Code == ErrorCodes.Forbidden);
        Assert.Equal(after, reader.GetLastKnownId(room));
    }

    [Fact]
    public async Task AJoinWithoutAGrantFailsWithForbiddenAndItsReason()
    {
        var room = Grants.TeamRoom();
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        await using var client = new LadderClient(Options(key, Grants.User("nog"), TimeSpan.FromMinutes(10), fixture.ChatNode(1), grants: false));
        await client.ConnectAsync().WaitAsync(Timeout);

        var refusal = await Assert.ThrowsAsync<LadderException>(() => client.JoinAsync(room).WaitAsync(Timeout));

        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
        Assert.Equal(ForbiddenReasons.GrantRequired, refusal.Reason);
        Assert.Equal(room, refusal.Room);
        Assert.Null(client.GetLastKnownId(room));
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task AShortLivedTokenIsRefreshedWithoutAReconnectAndTheRoomKeepsDelivering()
    {
        var room = Grants.TeamRoom();
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        var user = Grants.User("ref");
        var minted = 0;
        var options = Options(key, user, TimeSpan.FromSeconds(6), fixture.ChatNode(1)) with
        {
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref minted);
                return ValueTask.FromResult(TestTokens.Sign(key, user, DateTimeOffset.UtcNow.AddSeconds(6)));
            },
        };
        await using var client = new LadderClient(options);
        var recorder = new ClientRecorder(client);
        await client.ConnectAsync().WaitAsync(Timeout);
        var session = client.Welcome!.Session;
        await client.JoinAsync(room);
        await using var writer = await ConnectAsync(key, Grants.User("wrt"), TimeSpan.FromMinutes(10), fixture.ChatNode(2));
        await writer.JoinAsync(room);

        // Two refreshes: the session has outlived two 6 s tokens (it would have closed with 4001 at the first expiry).
        await ClientRecorder.WaitAsync(() => Volatile.Read(ref minted) >= 3, Timeout, () => $"two refreshes; {minted} tokens minted");
        var seq = await writer.SendAsync(room, "still here?");

        await recorder.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == seq), Timeout, "the message after the refreshes");
        Assert.DoesNotContain(recorder.States, change => change.State == ConnectionState.Reconnecting);
        Assert.Equal(session, client.Welcome!.Session);
    }

    private async Task<LadderClient> ConnectAsync(string key, string user, TimeSpan lifetime, Uri node)
    {
        var client = new LadderClient(Options(key, user, lifetime, node));
        await client.ConnectAsync().WaitAsync(Timeout);
        return client;
    }

    /// <summary>Tokens and grants as an app's backend would mint them; the grant provider grants read+send in every
    /// room it is asked about.</summary>
    private static LadderClientOptions Options(string key, string user, TimeSpan lifetime, Uri node, bool grants = true) => new()
    {
        Nodes = [node],
        TokenProvider = _ => ValueTask.FromResult(TestTokens.Sign(key, user, DateTimeOffset.UtcNow + lifetime)),
        GrantProvider = grants ? (room, _) => ValueTask.FromResult<string?>(TestTokens.Grant(key, user, room, send: true)) : null,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
