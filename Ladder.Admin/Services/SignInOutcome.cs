namespace Ladder.Admin.Services;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>Unknown user, wrong password, disabled account or a role without console access: one answer for all, so
    /// the form does not tell which user names exist.</summary>
    Failed,

    /// <summary>Too many failures from this address (for this account, or for any): refused without looking at the
    /// password until <see cref="SignInResult.RetryAfter"/> has passed.</summary>
    Throttled,

    /// <summary>The account store is not there yet (the archiver applies the schema at its start).</summary>
    Unavailable,
}
