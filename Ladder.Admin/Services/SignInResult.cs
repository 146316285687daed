namespace Ladder.Admin.Services;

/// <summary>A sign-in's outcome; <paramref name="RetryAfter"/> is set when it was <see cref="SignInOutcome.Throttled"/>.</summary>
public sealed record SignInResult(SignInOutcome Outcome, ModeratorAccount? Account, TimeSpan? RetryAfter = null);
