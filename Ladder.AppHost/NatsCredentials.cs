namespace Ladder.AppHost;

/// <summary>
/// The one NATS user every service connects as, in both backing-service modes. The server reads the password from
/// its environment (NATS configuration resolves <c>$NAME</c> from there), so neither its configuration file nor its
/// command line (readable by every local user in <c>/proc</c>) ever holds it.
/// </summary>
internal static class NatsCredentials
{
    public const string UserName = "ladder";
    public const string PasswordVariable = "LADDER_NATS_PASSWORD";
    public const string ConfigurationFileName = "nats.conf";

    public static string Configuration => $$"""
        authorization {
          user: {{UserName}}
          password: ${{PasswordVariable}}
        }
        """;

    public static IResourceBuilder<ParameterResource> AddPassword(IDistributedApplicationBuilder builder) =>
        builder.AddParameter("nats-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
}
