using Microsoft.Extensions.Configuration;

namespace Ladder.AppHost;

/// <summary>
/// The <c>Host</c> names every service answers (ASP.NET Core's host filtering, <c>AllowedHosts</c>). Without a list a
/// service answers any name, which lets a web page rebind its own DNS name to 127.0.0.1 and talk to the platform as
/// a same-origin page.
/// </summary>
internal static class AllowedHostList
{
    public const string SettingName = "Ladder:AllowedHosts";

    /// <summary>The names a browser on this machine uses for the services started by <c>dotnet run</c>.</summary>
    public const string Loopback = "localhost;127.0.0.1;[::1]";

    /// <summary><c>Ladder:AllowedHosts</c> when set (semicolon-separated, as ASP.NET Core reads it); otherwise the
    /// loopback names for a local run, and a parameter the deployment must fill in for a published one.</summary>
    public static ReferenceExpression From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ReferenceExpression.Create($"{configured}");
        }

        if (builder.ExecutionContext.IsRunMode)
        {
            return ReferenceExpression.Create($"{Loopback}");
        }

        var parameter = builder.AddParameter("allowed-hosts");
        return ReferenceExpression.Create($"{parameter.Resource}");
    }
}
