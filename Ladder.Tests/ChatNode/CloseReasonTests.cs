using System.Text;
using Ladder.ChatNode.Sessions;

namespace Ladder.Tests.ChatNode;

public sealed class CloseReasonTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("kicked", 6)]
    public void AShortReasonIsKept(string reason, int bytes)
    {
        Assert.Equal(reason, CloseReason.Fit(reason));
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(CloseReason.Fit(reason)));
    }

    [Fact]
    public void AReasonOfExactly123BytesIsKeptAndOneMoreIsCut()
    {
        var atLimit = new string('x', 123);
        Assert.Equal(atLimit, CloseReason.Fit(atLimit));
        Assert.Equal(atLimit, CloseReason.Fit(atLimit + "y"));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("🎉")]
    [InlineData("€")]
    public void ALongReasonIsCutOnACharacterBoundary(string unit)
    {
        var reason = "kicked: " + string.Concat(Enumerable.Repeat(unit, 100));

        var fitted = CloseReason.Fit(reason);

        Assert.InRange(Encoding.UTF8.GetByteCount(fitted), 123 - 3, 123);
        Assert.StartsWith(fitted, reason, StringComparison.Ordinal);
        // Valid UTF-16 all the way: no half of a surrogate pair at the end.
        Assert.Equal(fitted, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(fitted)));
    }
}
