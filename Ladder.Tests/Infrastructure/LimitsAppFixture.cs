namespace Ladder.Tests.Infrastructure;

/// <summary>A platform with small limits, so tests can reach them exactly: a slow refill makes the send burst an
/// exact edge, and a short replay limit makes truncation cheap to reach. The nodes keep only a few recent entries
/// (about six short messages), so replays here come from the log as well as from memory.</summary>
public sealed class LimitsAppFixture : LadderAppFixture
{
    public const int MaxReplay = 20;
    public const int SendBurst = 10;
    public const int FloodStrikes = 3;
    public const int RecentEntriesMaxBytes = 2048;

    protected override IEnumerable<string> Settings =>
    [
        $"--Ladder:Chat:MaxReplay={MaxReplay}",
        $"--Ladder:Chat:SendBurst={SendBurst}",
        "--Ladder:Chat:SendsPerSecond=0.2",
        $"--Ladder:Chat:FloodStrikes={FloodStrikes}",
        $"--Ladder:Chat:RecentEntriesMaxBytes={RecentEntriesMaxBytes}",
    ];
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsAppFixture>
{
    public const string Name = "limits";
}
