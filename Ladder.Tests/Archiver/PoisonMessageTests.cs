using System.Diagnostics;
using System.Text.Json;

namespace Ladder.Tests.Archiver;

[Collection(ArchiverCollection.Name)]
public sealed class PoisonMessageTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task AMessagePostgresRefusesGoesToTheErrorQueueAndTheOthersAreArchived()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var room = "poison-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);

        var first = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "first", "fine", timeout.Token);
        // PostgreSQL text cannot hold NUL: this message can never be written. It carries a chat node's trace context.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var traceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var poison = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "poison", "bad \0 text", timeout.Token, traceParent);
        var later = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 50, timeout.Token);

        // The dead letter moves the contiguous position past the poison: lag goes back to 0.
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, later.Max(), timeout.Token);
        var archived = await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token);
        Assert.Equal([first, .. later.Order()], archived);
        Assert.NotNull(await ArchiveProbe.DeadLetterReasonAsync(fixture.Database, poison, timeout.Token));

        var errorQueue = await ArchiveProbe.PeekQueueAsync(fixture.RabbitMqConnectionString, "archive-messages-isolated_error", timeout.Token);
        var failed = errorQueue.Where(message => IsMessage(message.Body, room, poison)).ToList();
        Assert.True(failed.Count > 0, "error queue:\n" + string.Join("\n", errorQueue.Select(message => message.Body)));
        // The trace went on from the chat log through the relay, RabbitMQ and both consumers, to the error queue.
        Assert.Contains(failed, message => message.Headers.Contains(traceId, StringComparison.Ordinal) || message.Body.Contains(traceId, StringComparison.Ordinal));
    }

    /// <summary>Whether a MassTransit envelope carries the <c>MessageStored</c> of that room and seq.</summary>
    private static bool IsMessage(string envelope, string room, ulong seq)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.TryGetProperty("message", out var message)
            && message.TryGetProperty("room", out var messageRoom) && messageRoom.GetString() == room
            && message.TryGetProperty("seq", out var messageSeq) && messageSeq.GetUInt64() == seq;
    }
}
