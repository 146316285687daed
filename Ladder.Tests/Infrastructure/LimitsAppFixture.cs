namespace Ladder.Tests.Infrastructure;

/// <summary>A platform with small limits, so tests can reach them exactly: a slow refill makes the send burst an
/// exact edge, and a short replay limit makes truncation cheap to reach. The nodes keep fewer recent entries than
/// one replay may carry, so replays here come from the log as well as from memory.</summary>
public sealed class LimitsAppFixture : LadderAppFixture
{
    public const int MaxReplay = 20;
    public const int SendBurst = 10;
    public const int FloodStrikes = 3;
    public const int RecentEntries = 10;

    protected override IEnumerable<string> Settings =>
    [
        $"--Ladder:Chat:MaxReplay={MaxReplay}",
        $"--Ladder:Chat:SendBurst={SendBurst}",
        "--Ladder:Chat:SendsPerSecond=0.2",
        $"--Ladder:Chat:FloodStrikes={FloodStrikes}",
        $"--Ladder:Chat:RecentEntries={RecentEntries}",
    ];
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsAppFixture>
{
    public const string Name = "limits";
}
