namespace Ladder.Tests.Infrastructure;

/// <summary>A platform with small limits, so tests can reach them exactly: a slow refill makes the send burst an
/// exact edge, and a short replay limit makes truncation cheap to reach. The nodes keep only a few recent entries
/// (about six short messages), so replays here come from the log as well as from memory. Rooms per connection, joins
/// per connection, connections per user and connections per node are small for the same reason (no test of this
/// collection holds more than a handful of connections to a node, but the one at that limit).</summary>
public sealed class LimitsAppFixture : LadderAppFixture
{
    public const int MaxReplay = 20;
    public const int SendBurst = 10;
    public const int FloodStrikes = 3;
    public const int RecentEntriesMaxBytes = 2048;
    public const int MaxRoomsPerConnection = 5;
    public const int JoinBurst = 12;
    public const int MaxConnectionsPerUser = 3;
    public const int MaxConnectionsPerNode = 64;
    public const int ServerApiBurst = 5;
    // Long enough that a leave/join cycle on a loaded CI machine stays inside it (3 s was not, once).
    public static readonly TimeSpan PresenceCoalesceWindow = TimeSpan.FromSeconds(8);

    protected override IEnumerable<string> Settings =>
    [
        $"--Ladder:Chat:MaxReplay={MaxReplay}",
        $"--Ladder:Chat:SendBurst={SendBurst}",
        "--Ladder:Chat:SendsPerSecond=0.2",
        $"--Ladder:Chat:FloodStrikes={FloodStrikes}",
        $"--Ladder:Chat:RecentEntriesMaxBytes={RecentEntriesMaxBytes}",
        $"--Ladder:Chat:MaxRoomsPerConnection={MaxRoomsPerConnection}",
        $"--Ladder:Chat:JoinBurst={JoinBurst}",
        "--Ladder:Chat:JoinsPerSecond=0.2",
        $"--Ladder:Chat:MaxConnectionsPerUser={MaxConnectionsPerUser}",
        $"--Ladder:Chat:MaxConnectionsPerNode={MaxConnectionsPerNode}",
        $"--Ladder:Chat:PresenceCoalesceWindow={PresenceCoalesceWindow}",
        // A server API key's bucket: the burst is the edge, and 0.1/s refills nothing while a test runs.
        $"--Ladder:Chat:ServerApi:RequestBurst={ServerApiBurst}",
        "--Ladder:Chat:ServerApi:RequestsPerSecond=0.1",
    ];
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsAppFixture>
{
    public const string Name = "limits";
}
