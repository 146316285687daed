namespace Ladder.Tests.Infrastructure;

/// <summary>The tests that share one running platform.</summary>
[CollectionDefinition(Name)]
public sealed class LadderCollection : ICollectionFixture<LadderAppFixture>
{
    public const string Name = "ladder";
}
