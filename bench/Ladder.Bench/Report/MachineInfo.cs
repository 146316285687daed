using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Ladder.Bench.Report;

/// <summary>The machine and the versions a result was measured with.</summary>
public static class MachineInfo
{
    public static JsonObject Describe(string repositoryRoot, IReadOnlyDictionary<string, int> pids)
    {
        var cpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memTotal = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "?"
            : "?";
        var natsVersion = pids.TryGetValue("nats", out var natsPid) || pids.TryGetValue("nats-1", out natsPid)
            ? Run(ReadExe(natsPid) ?? "nats-server", "--version")
            : null;
        return new JsonObject
        {
            ["machine"] = new JsonObject
            {
                ["cpu"] = cpuModel,
                ["cores"] = Environment.ProcessorCount,
                ["memoryGiB"] = Math.Round(long.Parse(memTotal, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0, 1),
                ["os"] = os,
                ["kernel"] = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
                ["openFilesSoftLimit"] = Run("sh", "-c \"ulimit -n\""),
            },
            ["versions"] = new JsonObject
            {
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["gitCommit"] = Run("git", $"-C {repositoryRoot} rev-parse --short HEAD"),
                ["gitDirty"] = !string.IsNullOrWhiteSpace(Run("git", $"-C {repositoryRoot} status --porcelain --untracked-files=no")),
                ["natsServer"] = natsVersion,
            },
        };
    }

    private static string? ReadExe(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string? Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(5000);
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
