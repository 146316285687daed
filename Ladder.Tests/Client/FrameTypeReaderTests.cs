using System.Text;
using Ladder.Client.Internal;

namespace Ladder.Tests.Client;

public sealed class FrameTypeReaderTests
{
    [Theory]
    [InlineData("""{"type":"message","room":"r","seq":1}""", nameof(ServerFrameKind.Message))]
    [InlineData("""{"room":"r","seq":1,"type":"ack"}""", nameof(ServerFrameKind.Ack))]
    [InlineData("""{"nested":{"type":"ack"},"type":"synced"}""", nameof(ServerFrameKind.Synced))]
    [InlineData("""{"type":"something-new"}""", nameof(ServerFrameKind.Unknown))]
    [InlineData("""{"type":7}""", nameof(ServerFrameKind.Unknown))]
    [InlineData("""[1,2]""", nameof(ServerFrameKind.Unknown))]
    [InlineData("""not json""", nameof(ServerFrameKind.Unknown))]
    public void ReadsTheTypeWherever(string json, string expected) =>
        Assert.Equal(expected, FrameTypeReader.Read(Encoding.UTF8.GetBytes(json)).ToString());
}
