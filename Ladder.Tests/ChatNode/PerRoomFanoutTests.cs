using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>A node reads only the rooms it has members in (issue 14 item 4), and following a room from its first
/// local member to its last keeps every join gapless and duplicate-free.</summary>
[Collection(LadderCollection.Name)]
public sealed class PerRoomFanoutTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ANodeWithoutMembersInARoomReceivesNoneOfItsEntries()
    {
        const int count = 30;
        var room = Rooms.New();
        await using var reader = await TestSocket.ConnectAsync(fixture.ChatNode(1), "reader");
        await reader.JoinAsync(room);
        var node1Before = await DiagnosticsAsync(1);
        var node2Before = await DiagnosticsAsync(2);

        // Posted through node 2, which stores them in the log but has no member of the room.
        var posted = await Posting.ManyAsync(fixture.ChatNode(2), room, count, "outsider");
        var received = await reader.TakeAsync("message", count);
        var node1After = await DiagnosticsAsync(1);
        var node2After = await DiagnosticsAsync(2);

        Assert.Equal(posted, received.Select(frame => (ulong)frame["seq"]!));
        Assert.True(EntriesReceived(node1After) - EntriesReceived(node1Before) >= count);
        Assert.Equal(EntriesReceived(node2Before), EntriesReceived(node2After));
    }

    [Fact]
    public async Task JoinsRacingWithASteadySenderLoseAndDuplicateNothing()
    {
        const int total = 250;
        const int perRound = 4;
        var room = Rooms.New();
        var joiners = new List<TestSocket>();
        try
        {
            // Node 2 has no member of the room at first: each round's joins race the room's feed starting there, and
            // each round ends with every member gone, so that the next one starts it again.
            var sending = Posting.ManyAsync(fixture.ChatNode(1), room, total, "steady");
            for (var round = 0; round == 0 || !sending.IsCompleted; round++)
            {
                var wave = await Task.WhenAll(Enumerable.Range(0, perRound).Select(async index =>
                {
                    var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), $"joiner{round}-{index}");
                    await socket.JoinAsync(room, lastKnownId: 0);
                    return socket;
                }));
                joiners.AddRange(wave);
                foreach (var socket in wave)
                {
                    await socket.NextAsync("message");
                }

                foreach (var socket in wave)
                {
                    await socket.DisposeAsync();
                }
            }

            var posted = await sending;
            await using var last = await TestSocket.ConnectAsync(fixture.ChatNode(2), "last-joiner");
            await last.JoinAsync(room, lastKnownId: 0);
            var all = await last.TakeAsync("message", posted.Count);

            Assert.Equal(posted, all.Select(frame => (ulong)frame["seq"]!));
            Assert.True(joiners.Count >= 2 * perRound, $"only {joiners.Count / perRound} rounds ran while sending");
            foreach (var socket in joiners)
            {
                var seqs = Seqs(socket.All());
                Assert.True(seqs.Count > 0, $"{socket.User} received nothing");
                Assert.Equal(posted.Take(seqs.Count), seqs);
            }
        }
        finally
        {
            foreach (var socket in joiners)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private static List<ulong> Seqs(IEnumerable<JsonObject> frames) =>
        [.. frames.Where(frame => (string?)frame["type"] == "message").Select(frame => (ulong)frame["seq"]!)];

    private static long EntriesReceived(JsonObject diagnostics) => (long)diagnostics["entriesReceived"]!;

    private async Task<JsonObject> DiagnosticsAsync(int node)
    {
        using var http = new HttpClient { BaseAddress = fixture.ChatNode(node) };
        return (await http.GetFromJsonAsync<JsonObject>("/diagnostics/fanout"))!;
    }
}
