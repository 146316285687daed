namespace Ladder.Client;

/// <summary>Where a <see cref="LadderClient"/> stands; reported by <see cref="LadderClient.StateChanged"/>.</summary>
public enum ConnectionState
{
    /// <summary>Not started yet.</summary>
    Disconnected,

    /// <summary>First connection attempt in progress.</summary>
    Connecting,

    /// <summary><c>welcome</c> received: frames flow.</summary>
    Connected,

    /// <summary>The connection was lost; the client is reconnecting (with backoff, to the next node on failure).</summary>
    Reconnecting,

    /// <summary>Terminal: disposed, or kicked or banned (4003, 1008). Nothing is retried.</summary>
    Stopped,
}
