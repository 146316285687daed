using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Ladder.Admin.Services;

/// <summary>
/// A circuit's authentication state, re-checked every <see cref="AdminOptions.RevalidationInterval"/> against the
/// session store: once the session is revoked (signed out), the account disabled or its role changed, the circuit turns
/// anonymous and its pages send the browser to the sign-in form. A store that cannot be read also ends it (the base class
/// treats an exception as invalid): the console fails closed.
/// </summary>
internal sealed class ConsoleAuthenticationStateProvider(ILoggerFactory loggerFactory, ConsoleSessions sessions, IOptions<AdminOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        sessions.IsValidAsync(authenticationState.User, cancellationToken);
}
