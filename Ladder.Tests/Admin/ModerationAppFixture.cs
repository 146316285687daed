using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Admin;

/// <summary>A platform of its own for the tests that ban, mute and kick: sanctions must never reach another test's users.</summary>
public sealed class ModerationAppFixture : LadderAppFixture;
