namespace Ladder.Tests.Infrastructure;

/// <summary>A platform with small limits, so tests can reach them exactly: a slow refill makes the send burst an
/// exact edge, and a short replay limit makes truncation cheap to reach.</summary>
public sealed class LimitsAppFixture : LadderAppFixture
{
    public const int MaxReplay = 20;
    public const int SendBurst = 10;
    public const int FloodStrikes = 3;

    protected override IEnumerable<string> Settings =>
    [
        $"--Ladder:Chat:MaxReplay={MaxReplay}",
        $"--Ladder:Chat:SendBurst={SendBurst}",
        "--Ladder:Chat:SendsPerSecond=0.2",
        $"--Ladder:Chat:FloodStrikes={FloodStrikes}",
    ];
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsAppFixture>
{
    public const string Name = "limits";
}
