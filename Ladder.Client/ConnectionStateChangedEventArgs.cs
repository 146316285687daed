namespace Ladder.Client;

/// <summary>A state change; <see cref="CloseCode"/> and <see cref="Error"/> tell why a connection ended.</summary>
public sealed class ConnectionStateChangedEventArgs(ConnectionState state, Uri? node, int? closeCode, Exception? error) : EventArgs
{
    public ConnectionState State { get; } = state;

    public Uri? Node { get; } = node;

    public int? CloseCode { get; } = closeCode;

    public Exception? Error { get; } = error;
}
