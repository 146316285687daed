namespace Ladder.Client.Internal;

/// <summary>How a connection ended: whether it got as far as welcome, whether to stop for good, whether to come back
/// at once, and whether the node refused our credentials (which fails a first connect instead of retrying).</summary>
internal readonly record struct ConnectionOutcome(bool Welcomed, bool Terminal, bool Immediate, int? CloseCode, Exception? Error, bool AuthFailure = false)
{
    public static ConnectionOutcome Failed(Exception? error) => new(false, false, false, null, error);
}
