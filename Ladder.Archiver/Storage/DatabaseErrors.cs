using Npgsql;

namespace Ladder.Archiver.Storage;

/// <summary>Sorts PostgreSQL failures into "wait and try again" and "this row can never be written".</summary>
internal static class DatabaseErrors
{
    /// <summary>The server is down, restarting, overloaded or the connection broke: the same write will succeed later.</summary>
    public static bool IsUnreachable(Exception exception) =>
        IsUnreachableItself(exception) || (exception.InnerException is { } inner && IsUnreachable(inner));

    private static bool IsUnreachableItself(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient
            // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up).
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>
    /// The data itself is refused (a NUL character in text, a value out of range, a constraint): retrying the same row
    /// cannot help, so it is isolated instead of blocking its batch.
    /// </summary>
    public static bool IsRefusedData(Exception exception) =>
        exception is PostgresException postgres
        && (postgres.SqlState.StartsWith("22", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("23", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("54", StringComparison.Ordinal));
}
