using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ladder.Bench.Platform;

/// <summary>
/// Evidence for where the server's CPU goes, collected while a fan-out step runs: a <c>perf</c> CPU profile
/// (cpu-clock sampling, kernel and user; JIT frames resolve when the processes run with DOTNET_PerfMapEnabled=1)
/// and a <c>strace -c</c> syscall count. Both are external tools; when missing, the profile says so.
/// </summary>
public static class Profiler
{
    /// <summary>Starts <c>perf record</c> on the processes for <paramref name="seconds"/>; returns the running process.</summary>
    public static Process? StartPerf(IEnumerable<int> pids, double seconds, string output) =>
        Start("perf", $"record -e cpu-clock -F 499 -g -p {string.Join(',', pids)} -o {output} -- sleep {seconds.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Starts <c>strace -c -f</c> on one process for <paramref name="seconds"/> (it slows what it traces:
    /// use its counts per delivery, not its timings).</summary>
    public static Process? StartStrace(int pid, double seconds, string output) =>
        Start("timeout", $"-s INT {seconds.ToString(CultureInfo.InvariantCulture)} strace -c -f -p {pid} -o {output}");

    /// <summary>The top of a perf profile by process and symbol, and the kernel/user split per process.</summary>
    public static string PerfSummary(string data, int lines)
    {
        var report = Run("perf", $"report -i {data} --stdio --no-children --sort comm,dso,sym --percent-limit 0.7 -g none");
        var text = new StringBuilder();
        foreach (var line in report.Split('\n'))
        {
            if (line.Length > 0 && !line.StartsWith('#') && lines-- > 0)
            {
                text.AppendLine(line.TrimEnd());
            }
        }

        var byDso = Run("perf", $"report -i {data} --stdio --no-children --sort comm,dso -g none");
        text.AppendLine();
        text.AppendLine("by process and object:");
        foreach (var line in byDso.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Take(25))
        {
            text.AppendLine(line.TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>Syscall counts from a <c>strace -c</c> summary: name → calls.</summary>
    public static Dictionary<string, long> StraceCounts(string file)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return counts;
        }

        foreach (var line in File.ReadLines(file))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // % time, seconds, usecs/call, calls, [errors], syscall
            if (columns.Length >= 5 && double.TryParse(columns[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && long.TryParse(columns[3], NumberStyles.None, CultureInfo.InvariantCulture, out var calls))
            {
                counts[columns[^1]] = calls;
            }
        }

        return counts;
    }

    private static Process? Start(string file, string arguments)
    {
        try
        {
            return Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Run(string file, string arguments)
    {
        using var process = Start(file, arguments);
        if (process is null)
        {
            return "";
        }

        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000);
        return output.Result;
    }
}
