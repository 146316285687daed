using System.Text;
using Ladder.Contracts.Log;
using NATS.Client.Core;

namespace Ladder.Tests.Contracts;

/// <summary>The chat log's one format (<see cref="LogEntryWriter"/>, <see cref="LogEntryReader"/>) and its rule for
/// entries it does not understand.</summary>
public sealed class LogEntryFormatTests
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AWrittenMessageReadsBackWithItsTraceContext()
    {
        var headers = new NatsHeaders();
        var body = LogEntryWriter.Message(new StoredMessage("ann", "hello", "c1", At), headers, "00-trace-span-01");

        var entry = LogEntryReader.Read(headers, body);

        Assert.Equal(new StoredMessage("ann", "hello", "c1", At), entry.Message);
        Assert.Null(entry.Tombstone);
        Assert.Null(entry.Problem);
        Assert.Equal(At, entry.StoredAt);
        Assert.Equal("00-trace-span-01", LogEntryReader.TraceParentOf(headers));
    }

    [Fact]
    public void AWrittenTombstoneReadsBack()
    {
        var headers = new NatsHeaders();
        var body = LogEntryWriter.Tombstone(new StoredTombstone(7, "mod", null, At), headers);

        var entry = LogEntryReader.Read(headers, body);

        Assert.Equal(new StoredTombstone(7, "mod", null, At), entry.Tombstone);
        Assert.Null(entry.Message);
        Assert.Equal(LogEntryKinds.Deleted, headers[LogHeaders.Kind].ToString());
    }

    /// <summary>The rule both the node and the archiver follow: no kind header, no message, whatever the body.</summary>
    [Fact]
    public void AnEntryWithoutTheKindHeaderIsNotUnderstoodEvenWithAMessageBody()
    {
        var body = LogEntryWriter.Message(new StoredMessage("ann", "hello", "c1", At), new NatsHeaders());

        var withoutHeaders = LogEntryReader.Read(null, body);
        var withOtherHeaders = LogEntryReader.Read(new NatsHeaders { ["Other"] = "x" }, body);

        foreach (var entry in new[] { withoutHeaders, withOtherHeaders })
        {
            Assert.Null(entry.Message);
            Assert.Null(entry.Tombstone);
            Assert.Contains(LogHeaders.Kind, entry.Problem, StringComparison.Ordinal);
            Assert.Equal(default, entry.StoredAt);
        }
    }

    [Theory]
    [InlineData("bogus", "{\"sender\":\"a\",\"text\":\"b\",\"clientMsgId\":\"c\",\"ts\":\"2025-12-01T10:00:00Z\"}", "unknown")]
    [InlineData(LogEntryKinds.Message, "{\"text\":\"b\",\"clientMsgId\":\"c\",\"ts\":\"2025-12-01T10:00:00Z\"}", "without sender")]
    [InlineData(LogEntryKinds.Message, "not json", "unreadable")]
    [InlineData(LogEntryKinds.Message, "", "unreadable")]
    [InlineData(LogEntryKinds.Deleted, "{\"seq\":3,\"ts\":\"2025-12-01T10:00:00Z\"}", "without moderator")]
    public void AnEntryOfAnUnknownKindOrWithAnIncompleteBodyIsNotUnderstood(string kind, string body, string problem)
    {
        var entry = LogEntryReader.Read(new NatsHeaders { [LogHeaders.Kind] = kind }, Encoding.UTF8.GetBytes(body));

        Assert.Null(entry.Message);
        Assert.Null(entry.Tombstone);
        Assert.Contains(problem, entry.Problem, StringComparison.Ordinal);
    }

    /// <summary>JetStream's message-get API hands the header block back base64-encoded (what moderation reads).</summary>
    [Fact]
    public void AStoredEntryIsReadFromItsEncodedHeaderBlock()
    {
        var body = LogEntryWriter.Message(new StoredMessage("ann", "hello", "c1", At), new NatsHeaders());
        var block = Convert.ToBase64String(Encoding.UTF8.GetBytes("NATS/1.0\r\nNats-Msg-Id: r:ann:c1\r\nladder-kind: message\r\n\r\n"));

        Assert.Equal("ann", LogEntryReader.ReadStored(block, body).Message?.Sender);
        Assert.NotNull(LogEntryReader.ReadStored(null, body).Problem);
    }
}
