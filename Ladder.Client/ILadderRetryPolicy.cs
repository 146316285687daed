namespace Ladder.Client;

/// <summary>Decides when the client reconnects after a connection ended, and when it gives up (like SignalR's
/// <c>IRetryPolicy</c>). Replace it through <see cref="LadderClientOptions.RetryPolicy"/>.</summary>
public interface ILadderRetryPolicy
{
    /// <summary>The wait before the next attempt, or null to stop reconnecting (the client then goes to
    /// <see cref="ConnectionState.Stopped"/> and pending operations fail).</summary>
    TimeSpan? NextRetryDelay(LadderRetryContext context);
}
