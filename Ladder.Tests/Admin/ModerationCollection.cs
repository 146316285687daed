namespace Ladder.Tests.Admin;

/// <summary>The tests that ban, mute and kick, on a platform of their own.</summary>
[CollectionDefinition(Name)]
public sealed class ModerationCollection : ICollectionFixture<ModerationAppFixture>
{
    public const string Name = "moderation";
}
