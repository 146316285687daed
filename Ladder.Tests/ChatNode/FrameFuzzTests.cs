using System.Net.WebSockets;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>Mutated frames (<see cref="FrameMutator"/>) get a documented error or a documented close, never an
/// exception: most in-process against the parser and the frame checks, a few thousand over a real socket.</summary>
[Collection(LadderCollection.Name)]
public sealed class FrameFuzzTests(LadderAppFixture fixture)
{
    private static readonly HashSet<string> DocumentedErrors =
    [
        ErrorCodes.BadFrame, ErrorCodes.UnknownType, ErrorCodes.TooLarge, ErrorCodes.InvalidRoom, ErrorCodes.NotJoined,
        ErrorCodes.RateLimited, ErrorCodes.Forbidden, ErrorCodes.Internal,
    ];

    // 1007: a text frame that is not UTF-8 is refused by the WebSocket layer itself (RFC 6455 8.1).
    private static readonly HashSet<int> DocumentedCloses = [1007, 1009, CloseCodes.Flood];

    [Fact]
    public void TheParserAnswersEveryOneOf120000MutatedFramesWithAFrameOrADocumentedError()
    {
        var mutator = new FrameMutator(seed: 12, room: "fuzz");
        var refused = 0;
        for (var i = 0; i < 120_000; i++)
        {
            var input = mutator.Next();
            ClientFrame frame;
            try
            {
                frame = ClientFrameParser.Parse(input);
            }
            catch (Exception exception)
            {
                Assert.Fail($"input {i} ({Convert.ToHexString(input)}) threw {exception}");
                return;
            }

            var error = frame.Error ?? CheckAsTheNodeWould(frame);
            if (error is not null)
            {
                refused++;
                Assert.Contains(error.Code, DocumentedErrors);
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        }

        // The mutations are meant to break frames: most must be refused.
        Assert.InRange(refused, 60_000, 120_000);
    }

    [Fact]
    public async Task ThreeThousandMutatedFramesOverASocketGetDocumentedAnswersAndTheNodeStaysHealthy()
    {
        var mutator = new FrameMutator(seed: 1212, room: Rooms.New());
        var node = fixture.ChatNode(1);
        var sent = 0;
        while (sent < 3000)
        {
            await using var client = await TestSocket.ConnectAsync(node, $"fuzz-{Guid.NewGuid():N}"[..16]);
            for (; sent < 3000 && client.CloseStatus is null && !client.Closed.IsCompleted; sent++)
            {
                try
                {
                    await client.SendBytesAsync(mutator.Next(), WebSocketMessageType.Text);
                }
                catch (WebSocketException)
                {
                    break;
                }
            }

            if (!await AnswersPingAsync(client))
            {
                // Only a documented close ends a connection (a flood of refused sends: 4029; not UTF-8: 1007).
                await client.WaitClosedAsync();
                Assert.True(client.CloseStatus is { } status && DocumentedCloses.Contains((int)status), $"closed with {client.CloseStatus} after {sent} frames; last frames: {string.Join(" | ", client.All().TakeLast(3).Select(frame => frame.ToJsonString()))}");
            }

            Assert.All(client.All().Where(frame => (string?)frame["type"] == "error"), error => Assert.Contains((string)error["code"]!, DocumentedErrors));
        }

        // One over-size frame: the documented close.
        await using (var big = await TestSocket.ConnectAsync(node, "fuzz-big"))
        {
            await big.SendBytesAsync(new byte[(64 * 1024) + 1], WebSocketMessageType.Text);
            Assert.Equal((WebSocketCloseStatus)1009, await big.WaitClosedAsync());
        }

        using var http = fixture.CreateHttpClient("chat-1");
        using var health = await http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, $"/health: {(int)health.StatusCode}");
        await using var after = await TestSocket.ConnectAsync(node, "fuzz-after");
        await after.JoinAsync(Rooms.New());
    }

    private static async Task<bool> AnswersPingAsync(TestSocket client)
    {
        if (client.Closed.IsCompleted)
        {
            return false;
        }

        try
        {
            await client.SendAsync(new { type = "ping" });
            await client.NextAsync("pong", TimeSpan.FromSeconds(60));
            return true;
        }
        catch (Exception exception) when (exception is WebSocketException || (exception is TimeoutException && client.Closed.IsCompleted))
        {
            // Closed by the server meanwhile: the caller checks the close code.
            return false;
        }
    }

    /// <summary>The node's checks that need no services: those of the frame's own fields.</summary>
    private static FrameError? CheckAsTheNodeWould(ClientFrame frame) => frame.Type switch
    {
        ClientFrameTypes.Join or ClientFrameTypes.Leave or ClientFrameTypes.Typing or ClientFrameTypes.History => FrameValidation.CheckRoom(frame.Room),
        ClientFrameTypes.Send => FrameValidation.CheckSend(frame.Room, frame.ClientMsgId, frame.Text, 4096),
        ClientFrameTypes.Hello => frame.Resume?.FirstOrDefault(entry => !RoomNames.IsValid(entry.Key)) is { Key: not null }
            ? new FrameError(ErrorCodes.InvalidRoom, "resume names an invalid room")
            : null,
        ClientFrameTypes.Ping => null,
        _ => new FrameError(ErrorCodes.UnknownType, "unknown frame type"),
    };
}
