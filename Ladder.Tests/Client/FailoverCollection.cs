namespace Ladder.Tests.Client;

/// <summary>Tests that kill chat nodes; they get a platform of their own.</summary>
[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverFixture>
{
    public const string Name = "ladder-failover";
}
