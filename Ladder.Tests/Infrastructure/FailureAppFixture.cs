namespace Ladder.Tests.Infrastructure;

/// <summary>A platform the tests may break: they kill chat-1 and let clients stall, so no other test shares it.
/// A short send queue makes a slow consumer quick to produce.</summary>
public sealed class FailureAppFixture : LadderAppFixture
{
    public const int SendQueueLength = 32;
    public const int MaxTextLength = 60_000;
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(3);

    protected override IEnumerable<string> Settings =>
    [
        $"--Ladder:Chat:SendQueueLength={SendQueueLength}",
        "--Ladder:Chat:CloseTimeout=00:00:10",
        $"--Ladder:Chat:MaxTextLength={MaxTextLength}",
        "--Ladder:Chat:MaxFrameBytes=262144",
        $"--Ladder:Chat:PresenceTimeout={PresenceTimeout}",
    ];
}

[CollectionDefinition(Name)]
public sealed class FailureCollection : ICollectionFixture<FailureAppFixture>
{
    public const string Name = "failures";
}
