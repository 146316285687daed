using Ladder.Admin.Services;

namespace Ladder.Tests.Admin.Components;

/// <summary>Consumers named by what they are, not by JetStream's random names.</summary>
public sealed class ConsumerRoleTests
{
    [Fact]
    public void NamesTheArchiverTheFanOutAReplayAndAnythingDescribed()
    {
        Assert.Equal("the archiver", ConsumerRole.Describe("archiver", "archiver", null, ["chat.room.*"]));
        Assert.Equal("a chat node's fan-out", ConsumerRole.Describe("iPjm4oqoGKoCPnRX0q6zUY", null, null, ["chat.room.*"]));
        Assert.Equal("a replay of lobby", ConsumerRole.Describe("x1", null, null, ["chat.room.lobby"]));
        Assert.Equal("chat-1 fan-out", ConsumerRole.Describe("x2", null, "chat-1 fan-out", ["chat.room.*"]));
    }
}
