namespace Ladder.Tests.Archiver;

/// <summary>The archive tests: a platform of their own, because they stop and restart services.</summary>
[CollectionDefinition(Name)]
public sealed class ArchiverCollection : ICollectionFixture<ArchiverAppFixture>
{
    public const string Name = "archiver";
}
