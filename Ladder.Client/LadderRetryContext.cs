namespace Ladder.Client;

/// <summary>What a retry policy knows about the reconnect it is asked about.</summary>
/// <param name="PreviousRetryCount">Attempts that failed since the last working connection (0 right after a drop of
/// a working connection).</param>
/// <param name="ElapsedTime">Time since the last working connection ended (or since the first attempt).</param>
/// <param name="RetryReason">The exception that ended the last attempt, if any.</param>
/// <param name="CloseCode">The close code of the last connection, if it was closed with one.</param>
/// <param name="WasConnected">True when the connection that just ended had received its <c>welcome</c>.</param>
public sealed record LadderRetryContext(int PreviousRetryCount, TimeSpan ElapsedTime, Exception? RetryReason, int? CloseCode, bool WasConnected);
