using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// A circuit's authentication state, re-checked every <see cref="AdminOptions.RevalidationInterval"/> against the
/// session store: once the session is revoked (signed out), the account disabled or its role changed, the circuit turns
/// anonymous and its pages send the browser to the sign-in form.
/// </summary>
/// <remarks>
/// A store that cannot be read (PostgreSQL restarting, or the archiver's migrations not applied yet when the platform
/// starts) is tolerated for <see cref="AdminOptions.SessionStoreGrace"/>: while it cannot be read, no session can be
/// ended either (sign-out and disabling write to it), so nothing is missed. Past the grace the circuit ends: the console
/// still fails closed, with a warning instead of the base class's error. A circuit that closes while its session is
/// being read ends quietly.
/// </remarks>
internal sealed partial class ConsoleAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    ConsoleSessions sessions,
    IOptions<AdminOptions> options,
    TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ConsoleAuthenticationStateProvider>();

    /// <summary>When the current run of failed reads began; null while the store answers.</summary>
    private DateTimeOffset? unreadableSince;

    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User.Identity?.Name ?? "";
        try
        {
            var valid = await sessions.IsValidAsync(authenticationState.User, cancellationToken);
            unreadableSince = null;
            return valid;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // Npgsql cancels a query with an OperationCanceledException; the base class ends its loop quietly only on a
            // TaskCanceledException carrying its own token, and logs anything else as an error.
            LogCircuitClosed(user);
            throw new TaskCanceledException("The circuit closed while its session was being read.", exception, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            var now = time.GetUtcNow();
            var first = unreadableSince is null;
            unreadableSince ??= now;
            var unreadableFor = now - unreadableSince.Value;
            if (unreadableFor < options.Value.SessionStoreGrace)
            {
                // Once per outage at Information, then Debug: an outage is logged by whatever else reads the store.
                if (first)
                {
                    LogStoreUnreadableKept(user, exception.Message);
                }
                else
                {
                    LogStoreStillUnreadable(user, unreadableFor.TotalSeconds);
                }

                return true;
            }

            LogStoreUnreadableEnded(user, unreadableFor.TotalSeconds, exception.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Circuit of {User} closed while its session was being read")]
    private partial void LogCircuitClosed(string user);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session of {User} not re-checked, circuit kept within Admin:SessionStoreGrace: {Reason}")]
    private partial void LogStoreUnreadableKept(string user, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session of {User} still unreadable after {Seconds:0.0} s, circuit kept")]
    private partial void LogStoreStillUnreadable(string user, double seconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Session of {User} not re-checked for {Seconds:0.0} s (past Admin:SessionStoreGrace), circuit ended: {Reason}")]
    private partial void LogStoreUnreadableEnded(string user, double seconds, string reason);
}
