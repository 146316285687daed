using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ladder.ChatNode.History;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Archiver;

[Collection(ArchiverCollection.Name)]
public sealed partial class HistoryPagingTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task PagesAreExactAtTheirEdgesAndDeletedMessagesComeBackDeleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var room = "history-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);
        var seqs = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 25, timeout.Token);
        var tombstone = await ChatLogWriter.PublishTombstoneAsync(fixture.JetStream, room, seqs[10], "mod", timeout.Token);
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, tombstone, timeout.Token);
        var reader = new ArchiveHistoryReader(fixture.Database);

        var newest = await reader.ReadAsync(room, null, 10, timeout.Token);
        Assert.Equal(room, newest.Room);
        Assert.Equal(seqs[15..].Reverse(), newest.Messages.Select(item => item.Seq));
        Assert.True(newest.HasMore);

        var middle = await reader.ReadAsync(room, seqs[15], 10, timeout.Token);
        Assert.Equal(seqs[5..15].Reverse(), middle.Messages.Select(item => item.Seq));
        Assert.True(middle.HasMore);
        var deleted = Assert.Single(middle.Messages, item => item.Deleted);
        Assert.Equal(seqs[10], deleted.Seq);
        Assert.Null(deleted.Text);
        Assert.All(middle.Messages.Where(item => !item.Deleted), item => Assert.StartsWith("message ", item.Text));

        var oldest = await reader.ReadAsync(room, seqs[5], 10, timeout.Token);
        Assert.Equal(seqs[..5].Reverse(), oldest.Messages.Select(item => item.Seq));
        Assert.False(oldest.HasMore);

        // Exactly `limit` messages left: all of them, and nothing more to page.
        var exact = await reader.ReadAsync(room, seqs[10], 10, timeout.Token);
        Assert.Equal(seqs[..10].Reverse(), exact.Messages.Select(item => item.Seq));
        Assert.False(exact.HasMore);

        // One more than `limit` left: a full page, and more to come.
        var oneOver = await reader.ReadAsync(room, seqs[11], 10, timeout.Token);
        Assert.Equal(seqs[1..11].Reverse(), oneOver.Messages.Select(item => item.Seq));
        Assert.True(oneOver.HasMore);

        var none = await reader.ReadAsync(room, seqs[0], 10, timeout.Token);
        Assert.Empty(none.Messages);
        Assert.False(none.HasMore);

        var item = newest.Messages[0];
        Assert.Equal("bot", item.Sender);
        Assert.Equal("m-24", item.ClientMsgId);
        Assert.Matches(Rfc3339Utc(), item.Ts);
    }

    [Fact]
    public async Task TheChatNodesHttpHistoryPagesTheArchive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var room = "http-history-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);
        var seqs = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 3, timeout.Token);
        var tombstone = await ChatLogWriter.PublishTombstoneAsync(fixture.JetStream, room, seqs[1], "mod", timeout.Token);
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, tombstone, timeout.Token);
        using var client = fixture.CreateHttpClient("chat-2");
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new DevTokenRequest("history-reader"), WireJsonContext.Default.DevTokenRequest, timeout.Token);
        var token = await tokenResponse.Content.ReadFromJsonAsync(WireJsonContext.Default.DevTokenResponse, timeout.Token);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token!.Token);

        var newest = await client.GetFromJsonAsync($"/rooms/{room}/messages?limit=2", WireJsonContext.Default.HistoryResponse, timeout.Token);
        Assert.Equal([seqs[2], seqs[1]], newest!.Messages.Select(item => item.Seq));
        Assert.True(newest.HasMore);
        Assert.True(newest.Messages[1].Deleted);

        using var older = await client.GetAsync($"/rooms/{room}/messages?before={seqs[1]}&limit=2", timeout.Token);
        var body = await older.Content.ReadAsStringAsync(timeout.Token);
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        var page = JsonSerializer.Deserialize(body, WireJsonContext.Default.HistoryResponse)!;
        Assert.Equal([seqs[0]], page.Messages.Select(item => item.Seq));
        Assert.False(page.HasMore);

        // A deleted message's text is written as null, not left out.
        var deletedPage = await client.GetStringAsync($"/rooms/{room}/messages?before={seqs[2]}&limit=1", timeout.Token);
        Assert.Contains("\"text\":null", deletedPage, StringComparison.Ordinal);
        Assert.Contains("\"deleted\":true", deletedPage, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Rfc3339Utc();
}
