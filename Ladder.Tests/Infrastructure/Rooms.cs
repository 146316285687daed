namespace Ladder.Tests.Infrastructure;

/// <summary>A fresh room per test, so tests sharing a platform never see each other's messages.</summary>
public static class Rooms
{
    public static string New(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
