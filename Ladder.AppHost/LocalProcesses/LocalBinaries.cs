using System.Diagnostics;

namespace Ladder.AppHost.LocalProcesses;

/// <summary>
/// Where the Debian packages put the backing services' programs. Missing ones are installed with apt when this
/// process may do so (root, or passwordless sudo); otherwise the AppHost stops with the one command to run.
/// </summary>
internal sealed record LocalBinaries(string NatsServer, string RedisServer, string PostgresBin, string RabbitMqServer, string Epmd)
{
    private const string RabbitMqServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static LocalBinaries Ensure()
    {
        var missing = MissingPackages();
        if (missing.Count > 0)
        {
            Install(missing);
            missing = MissingPackages();
            if (missing.Count > 0)
            {
                Fail($"still missing after install: {string.Join(' ', missing)}");
            }
        }

        return new LocalBinaries(
            Which("nats-server")!,
            Which("redis-server")!,
            FindPostgresBin()!,
            RabbitMqServerPath,
            Which("epmd")!);
    }

    private static List<string> MissingPackages()
    {
        var missing = new List<string>();
        if (Which("nats-server") is null) missing.Add("nats-server");
        if (Which("redis-server") is null) missing.Add("redis-server");
        if (!File.Exists(RabbitMqServerPath) || Which("epmd") is null) missing.Add("rabbitmq-server");
        if (FindPostgresBin() is null) missing.Add("postgresql");
        return missing;
    }

    private static void Install(List<string> packages)
    {
        var list = string.Join(' ', packages);
        string? prefix = Environment.UserName == "root" ? "" : CanSudo() ? "sudo -n " : null;
        if (prefix is null)
        {
            Fail($"missing backing services; run: sudo apt-get install -y {list}");
        }

        Console.WriteLine($"Ladder: installing {list} with apt-get (first run only)…");
        var script = $"{prefix}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {prefix}apt-get install -y -qq --no-install-recommends {list}";
        if (Run("bash", ["-c", script], TimeSpan.FromMinutes(10)) != 0)
        {
            Fail($"apt-get failed; run: sudo apt-get install -y {list}");
        }
    }

    private static bool CanSudo() => Which("sudo") is not null && Run("sudo", ["-n", "true"], TimeSpan.FromSeconds(5)) == 0;

    private static int Run(string command, string[] arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)) ?? throw new InvalidOperationException($"cannot start {command}");
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return -1;
        }

        return process.ExitCode;
    }

    private static string? Which(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        // Debian keeps some daemons in sbin, which a non-root PATH may lack.
        var directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin"]);
        return directories.Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>The newest installed PostgreSQL major version's bin directory.</summary>
    private static string? FindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(directory => Path.Combine(directory, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static void Fail(string message)
    {
        Console.Error.WriteLine($"Ladder: {message}");
        Environment.Exit(2);
    }
}
