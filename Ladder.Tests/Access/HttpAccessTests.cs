using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary>Private rooms over HTTP: <c>GET</c>/<c>POST /rooms/{room}/messages</c> and the SSE stream (its <c>rooms</c>
/// and its <c>Last-Event-ID</c>) ask the same decision as the WebSocket, and answer 403 with the reason.</summary>
[Collection(LadderCollection.Name)]
public sealed class HttpAccessTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task PostingAndPagingAPrivateRoomNeedAGrantAndPostingASendGrant()
    {
        var user = Grants.User("http");
        var room = Grants.TeamRoom();
        var path = $"/rooms/{Uri.EscapeDataString(room)}/messages";
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), user);

        await AssertForbiddenAsync(await http.GetAsync(path), "grant_required");
        await AssertForbiddenAsync(await http.PostAsJsonAsync(path, new PostMessageRequest("h-1", "no grant")), "grant_required");

        var readOnly = await Grants.GrantAsync(fixture, user, room, send: false);
        using (var page = await http.GetAsync($"{path}?grant={readOnly}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await AssertForbiddenAsync(await http.PostAsJsonAsync($"{path}?grant={readOnly}", new PostMessageRequest("h-2", "read only")), "send_grant_required");

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new PostMessageRequest("h-3", "with a send grant")) };
        request.Headers.Add("Ladder-Grant", await Grants.GrantAsync(fixture, user, room, send: true));
        using var posted = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var forged = TestTokens.Grant(new string('k', 48), user, room, send: true);
        await AssertForbiddenAsync(await http.GetAsync($"{path}?grant={forged}"), "invalid_grant");
    }

    [Fact]
    public async Task AnSseStreamOfAPrivateRoomNeedsAGrantForItsRoomsAndItsLastEventId()
    {
        var user = Grants.User("sse");
        var room = Grants.TeamRoom();
        var rooms = Uri.EscapeDataString($"{Uri.EscapeDataString(room)}:0");
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), user);

        await AssertForbiddenAsync(await http.GetAsync($"/sse?rooms={rooms}", HttpCompletionOption.ResponseHeadersRead), "grant_required");

        var grant = await Grants.GrantAsync(fixture, user, room, send: true);
        string lastEventId;
        await using (var stream = await TestEventStream.OpenAsync(fixture.ChatNode(1), user, $"rooms={rooms}&grant={grant}"))
        {
            Assert.Equal(room, (string?)(await stream.NextAsync("joined")).Data["room"]);
            var seq = await PostAsync(http, room, grant, "s-1");
            var message = await stream.NextAsync("message");
            Assert.Equal(seq, (ulong)message.Data["seq"]!);
            // The resume map writes the room's ':' percent-encoded, so the map's own separators stay unambiguous.
            Assert.Equal($"{Uri.EscapeDataString(room)}:{seq}", message.Id);
            lastEventId = message.Id!;
        }

        using (var refused = new HttpRequestMessage(HttpMethod.Get, "/sse"))
        {
            refused.Headers.Add("Last-Event-ID", lastEventId);
            await AssertForbiddenAsync(await http.SendAsync(refused, HttpCompletionOption.ResponseHeadersRead), "grant_required");
        }

        var missed = await PostAsync(http, room, grant, "s-2");
        await using var resumed = await TestEventStream.OpenAsync(fixture.ChatNode(2), user, $"grant={grant}", lastEventId);
        Assert.Equal(missed, (ulong)(await resumed.NextAsync("message")).Data["seq"]!);
        Assert.Equal(room, (string?)(await resumed.NextAsync("synced")).Data["room"]);
    }

    private static async Task<ulong> PostAsync(HttpClient http, string room, string grant, string clientMsgId)
    {
        using var response = await http.PostAsJsonAsync(
            $"/rooms/{Uri.EscapeDataString(room)}/messages?grant={grant}", new PostMessageRequest(clientMsgId, "posted"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PostMessageResponse>())!.Seq;
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string reason)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal("forbidden", (string?)body["code"]);
            Assert.Equal(reason, (string?)body["reason"]);
        }
    }
}
