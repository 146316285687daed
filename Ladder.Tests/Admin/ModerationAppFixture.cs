using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Admin;

/// <summary>A platform of its own for the tests that ban, mute and kick: sanctions must never reach another test's users.
/// None of its tests needs a development token, so its nodes run as a published platform does, with
/// <c>Chat:DevTokens</c> off (the last value given wins over the base fixture's <c>true</c>).</summary>
public sealed class ModerationAppFixture : LadderAppFixture
{
    protected override IEnumerable<string> Settings => ["--Ladder:Chat:DevTokens=false"];
}
