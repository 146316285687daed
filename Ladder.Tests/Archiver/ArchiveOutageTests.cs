using System.Net;
using System.Net.Http.Json;
using Ladder.ChatNode.History;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Archiver;

/// <summary>While a piece of the archive path is down chat goes on; once it is back, everything is archived.</summary>
[Collection(ArchiverCollection.Name)]
public sealed class ArchiveOutageTests(ArchiverAppFixture fixture)
{
    [Theory]
    [InlineData("archiver")]
    [InlineData("rabbitmq")]
    [InlineData("postgres")]
    public async Task EverythingPostedDuringAnOutageIsArchivedAfterIt(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var room = $"outage-{resource}-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);
        var before = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "before", "before the outage", timeout.Token);
        await ArchiveProbe.WaitForRowsAsync(fixture.Database, room, 1, timeout.Token);

        await fixture.StopResourceAsync(resource, timeout.Token);
        List<ulong> published;
        try
        {
            // Chat goes on: a chat node still stores and acknowledges sends.
            published = [before, .. await PostThroughChatNodeAsync(room, 5, timeout.Token)];
            published.AddRange(await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 1000, timeout.Token));
            var outageStarted = published[1];
            if (resource == "postgres")
            {
                var reader = new ArchiveHistoryReader(fixture.Database);
                await Assert.ThrowsAsync<HistoryUnavailableException>(() => reader.ReadAsync(room, null, 10, timeout.Token));
                // Everything has reached RabbitMQ (acked to JetStream) while PostgreSQL is still down: the writers hold it.
                await ArchiveProbe.WaitForRelayedAsync(fixture.JetStream, published.Max(), timeout.Token);
            }
            else if (resource == "rabbitmq")
            {
                // Nothing posted since the broker went down can have been acked to JetStream.
                Assert.True(await ArchiveProbe.RelayedThroughAsync(fixture.JetStream, timeout.Token) < outageStarted);
            }
        }
        finally
        {
            await fixture.StartResourceAsync(resource, timeout.Token);
        }

        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, published.Max(), timeout.Token);
        var archived = await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token);
        Assert.Equal(published.Order(), archived);
    }

    private async Task<IReadOnlyList<ulong>> PostThroughChatNodeAsync(string room, int count, CancellationToken cancellationToken)
    {
        using var client = fixture.CreateHttpClient("chat-1");
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new DevTokenRequest("archive-tester"), WireJsonContext.Default.DevTokenRequest, cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        var token = await tokenResponse.Content.ReadFromJsonAsync(WireJsonContext.Default.DevTokenResponse, cancellationToken);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token!.Token);

        var seqs = new List<ulong>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync(
                $"/rooms/{room}/messages", new PostMessageRequest($"c-{i}", $"posted during the outage {i}"), WireJsonContext.Default.PostMessageRequest, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stored = await response.Content.ReadFromJsonAsync(WireJsonContext.Default.PostMessageResponse, cancellationToken);
            seqs.Add(stored!.Seq);
        }

        return seqs;
    }
}
