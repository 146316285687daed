namespace Ladder.Admin.Services;

public sealed record SignInResult(SignInOutcome Outcome, ModeratorAccount? Account);
