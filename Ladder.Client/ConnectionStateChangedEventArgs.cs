namespace Ladder.Client;

/// <summary>A state change; <see cref="CloseCode"/> and <see cref="Error"/> tell why a connection ended.</summary>
public sealed class ConnectionStateChangedEventArgs(ConnectionState state, Uri? node, int? closeCode, Exception? error) : EventArgs
{
    /// <summary>The new state.</summary>
    public ConnectionState State { get; } = state;

    /// <summary>The node connected to (or that was lost); null when none.</summary>
    public Uri? Node { get; } = node;

    /// <summary>The WebSocket close code that ended the connection, if it was closed with one.</summary>
    public int? CloseCode { get; } = closeCode;

    /// <summary>The failure that ended the connection or stopped the client, if any.</summary>
    public Exception? Error { get; } = error;
}
