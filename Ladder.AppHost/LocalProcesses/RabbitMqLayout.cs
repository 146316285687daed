namespace Ladder.AppHost.LocalProcesses;

/// <summary>
/// The files and environment a RabbitMQ node needs to run from Debian's package without touching /etc, /var or
/// the system's epmd: everything lives under one data directory.
/// </summary>
internal sealed class RabbitMqLayout(string dataDirectory)
{
    private string ConfigFile => Path.Combine(dataDirectory, "rabbitmq.conf");
    private string EnvironmentFile => Path.Combine(dataDirectory, "rabbitmq-env.conf");
    private string PluginsFile => Path.Combine(dataDirectory, "enabled_plugins");
    private string Home => Path.Combine(dataDirectory, "home");

    public IEnumerable<(string Name, string Value)> Environment(int port, int distributionPort, int epmdPort)
    {
        yield return ("HOME", Home);
        yield return ("RABBITMQ_CONFIG_FILE", ConfigFile);
        yield return ("RABBITMQ_CONF_ENV_FILE", EnvironmentFile);
        yield return ("RABBITMQ_ENABLED_PLUGINS_FILE", PluginsFile);
        yield return ("RABBITMQ_NODENAME", "ladder@localhost");
        yield return ("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        yield return ("RABBITMQ_NODE_PORT", port.ToString());
        // Explicit: the default (port + 20000) overflows for high ports.
        yield return ("RABBITMQ_DIST_PORT", distributionPort.ToString());
        yield return ("RABBITMQ_MNESIA_BASE", Path.Combine(dataDirectory, "mnesia"));
        yield return ("RABBITMQ_LOG_BASE", Path.Combine(dataDirectory, "log"));
        yield return ("ERL_EPMD_PORT", epmdPort.ToString());
        yield return ("ERL_EPMD_ADDRESS", "127.0.0.1");
        // Erlang distribution listens on every interface unless told otherwise; whoever reaches it with the cookie
        // runs code in the broker, so it stays on loopback like everything else.
        yield return ("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    }

    /// <summary>Writes the node's files; the configuration holds the password, so it is readable by its owner only.</summary>
    public void WriteConfiguration(int port, string user, string password)
    {
        PrivateFiles.CreateDirectory(dataDirectory);
        PrivateFiles.CreateDirectory(Home);
        PrivateFiles.Write(ConfigFile, $"""
            listeners.tcp.1 = 127.0.0.1:{port}
            loopback_users = none
            default_user = {user}
            default_pass = {password}
            log.console = true
            log.console.level = warning
            log.file = false
            """);
        PrivateFiles.Write(EnvironmentFile, "");
        PrivateFiles.Write(PluginsFile, "[].");
    }
}
