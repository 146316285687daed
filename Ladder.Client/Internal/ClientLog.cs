using Microsoft.Extensions.Logging;

namespace Ladder.Client.Internal;

internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to {Node}")]
    public static partial void Connected(ILogger logger, Uri node);

    [LoggerMessage(2, LogLevel.Information, "Connection to {Node} ended (close code {CloseCode}); next attempt in {DelayMs} ms")]
    public static partial void Reconnecting(ILogger logger, Uri node, int? closeCode, double delayMs, Exception? exception);

    [LoggerMessage(3, LogLevel.Warning, "The client stopped (close code {CloseCode})")]
    public static partial void Stopped(ILogger logger, int? closeCode, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "An event handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "The connection to {Node} fell behind ({What}); it is dropped and resumed")]
    public static partial void Overloaded(ILogger logger, Uri node, string what);

    [LoggerMessage(6, LogLevel.Error, "The connection to {Node} failed unexpectedly; it is dropped and resumed")]
    public static partial void ConnectionFailed(ILogger logger, Uri node, Exception exception);

    [LoggerMessage(7, LogLevel.Critical, "The connection loop failed; the client stops")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Token refreshed on {Node}; the session now lasts until {ExpiresAt}")]
    public static partial void Refreshed(ILogger logger, Uri node, DateTimeOffset expiresAt);

    [LoggerMessage(9, LogLevel.Warning, "Refreshing the token on {Node} failed; trying again until it expires")]
    public static partial void RefreshFailed(ILogger logger, Uri node, Exception? exception);

    [LoggerMessage(10, LogLevel.Warning, "The grant provider failed for {Room}; the frame goes without a grant")]
    public static partial void GrantProviderFailed(ILogger logger, string room, Exception exception);
}
