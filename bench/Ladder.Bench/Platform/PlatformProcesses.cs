using System.Text.RegularExpressions;

namespace Ladder.Bench.Platform;

/// <summary>
/// The server-side processes a run measures, found from the node addresses: each node is the process listening on
/// its port (for Ladder, a <c>Ladder.ChatNode</c> whose <c>OTEL_SERVICE_NAME</c> names it); NATS and the archiver
/// are found through the nodes' connection strings, so a second platform on the machine (tests) is never confused
/// with the measured one.
/// </summary>
public sealed partial class PlatformProcesses
{
    /// <summary>Measured processes by role name: chat-1 … chat-N, nats (or nats-1 … nats-N), archiver, baseline.</summary>
    public Dictionary<string, int> Pids { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the server processes whose CPU counts as "the server" (nodes and broker).</summary>
    public List<string> ServerRoles { get; } = [];

    public List<string> NodeRoles { get; } = [];

    public string? NatsUrl { get; private set; }

    /// <summary>The orchestrator (DCP) that started the platform: every process below it is part of the platform and
    /// is billed to a role by its command line (archiver, rabbitmq, postgres, redis, dashboard, admin, aspire).</summary>
    public int? PlatformRoot { get; private set; }

    public string? PostgresConnectionString { get; private set; }

    public static PlatformProcesses Discover(IReadOnlyList<Uri> nodes, bool ladder)
    {
        var found = new PlatformProcesses();
        for (var i = 0; i < nodes.Count; i++)
        {
            var pid = ProcFs.ListenerOf(nodes[i].Port) ?? throw new InvalidOperationException($"Nothing listens on {nodes[i]}: start the platform first.");
            var environment = ProcFs.Environment(pid);
            var role = ladder
                ? environment.GetValueOrDefault("OTEL_SERVICE_NAME") ?? $"node-{i + 1}"
                : nodes.Count == 1 ? "baseline" : $"baseline-{i + 1}";
            if (ladder && !ProcFs.CommandLine(pid).Contains("Ladder.ChatNode", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The process on {nodes[i]} (pid {pid}) is not a Ladder.ChatNode: {ProcFs.CommandLine(pid)}");
            }

            found.Pids[role] = pid;
            found.NodeRoles.Add(role);
            found.ServerRoles.Add(role);
            if (ladder)
            {
                found.NatsUrl ??= environment.GetValueOrDefault("ConnectionStrings__nats");
                found.PostgresConnectionString ??= environment.GetValueOrDefault("ConnectionStrings__ladder");
            }
        }

        if (found.NatsUrl is { } natsUrl)
        {
            // One URL per NATS server of the cluster: one server is "nats" (as in every earlier report), more are nats-1 ….
            var servers = natsUrl.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < servers.Length; i++)
            {
                if (Uri.TryCreate(servers[i], UriKind.Absolute, out var nats) && ProcFs.ListenerOf(nats.Port) is { } pid)
                {
                    var role = servers.Length == 1 ? "nats" : $"nats-{i + 1}";
                    found.Pids[role] = pid;
                    found.ServerRoles.Add(role);
                }
            }

            // The archiver that reads the same log: the executable itself, not the `dotnet run` wrapper Aspire starts
            // it through (same environment, no CPU of its own, and pausing it would not pause the archiver).
            foreach (var candidate in ProcFs.Pids())
            {
                if (IsArchiverExecutable(ProcFs.Arguments(candidate))
                    && ProcFs.Environment(candidate).GetValueOrDefault("ConnectionStrings__nats") == natsUrl)
                {
                    found.Pids["archiver"] = candidate;
                    break;
                }
            }
        }

        if (ladder && found.Pids.TryGetValue(found.NodeRoles[0], out var node))
        {
            // chat node → `dotnet run` wrapper → dcp (or chat node → dcp).
            var parent = ProcFs.ParentOf(node);
            for (var level = 0; level < 3 && parent is > 1; level++, parent = ProcFs.ParentOf(parent.Value))
            {
                if (ProcFs.CommandLine(parent.Value).Contains("/dcp", StringComparison.Ordinal))
                {
                    found.PlatformRoot = parent;
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>Every measured process now, with its role: the named ones, and the rest of the platform's tree.</summary>
    public IEnumerable<(int Pid, string Role)> CurrentProcesses()
    {
        var named = new HashSet<int>();
        foreach (var (role, pid) in Pids)
        {
            named.Add(pid);
            yield return (pid, role);
        }

        if (PlatformRoot is not { } root)
        {
            yield break;
        }

        foreach (var pid in ProcFs.Descendants(root))
        {
            if (!named.Contains(pid))
            {
                yield return (pid, RoleOf(ProcFs.CommandLine(pid)));
            }
        }
    }

    /// <summary><c>…/Ladder.Archiver</c> (the apphost) or <c>dotnet …/Ladder.Archiver.dll</c>.</summary>
    private static bool IsArchiverExecutable(string[] arguments) => arguments switch
    {
        [var program, ..] when Path.GetFileName(program) == "Ladder.Archiver" => true,
        [var program, var assembly, ..] when Path.GetFileName(program) == "dotnet" && Path.GetFileName(assembly) == "Ladder.Archiver.dll" => true,
        _ => false,
    };

    private static string RoleOf(string commandLine) => commandLine switch
    {
        _ when commandLine.StartsWith("dotnet run", StringComparison.Ordinal) => "aspire",
        _ when commandLine.Contains("Ladder.Archiver", StringComparison.Ordinal) => "archiver",
        _ when commandLine.Contains("Ladder.Admin", StringComparison.Ordinal) => "admin",
        _ when commandLine.Contains("Ladder.ChatNode", StringComparison.Ordinal) => "chat-other",
        _ when commandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal) => "dashboard",
        _ when commandLine.Contains("beam.smp", StringComparison.Ordinal) || commandLine.Contains("erl_child_setup", StringComparison.Ordinal)
            || commandLine.Contains("epmd", StringComparison.Ordinal) || commandLine.Contains("inet_gethost", StringComparison.Ordinal)
            || commandLine.Contains("rabbitmq", StringComparison.Ordinal) => "rabbitmq",
        _ when commandLine.Contains("postgres", StringComparison.Ordinal) => "postgres",
        _ when commandLine.Contains("redis-server", StringComparison.Ordinal) => "redis",
        _ => "aspire",
    };

    /// <summary>The connection string with its password replaced, for reports.</summary>
    public static string Redact(string connectionString) => PasswordPattern().Replace(connectionString, "Password=***");

    /// <summary>A URL without the password of its user (the platform's NATS URL carries one).</summary>
    public static string RedactUrl(string url) => UrlPasswordPattern().Replace(url, "$1:***@");

    [GeneratedRegex("(//[^:/@]+):[^@/]*@")]
    private static partial Regex UrlPasswordPattern();

    [GeneratedRegex("Password=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
