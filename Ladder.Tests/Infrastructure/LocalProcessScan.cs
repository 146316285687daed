namespace Ladder.Tests.Infrastructure;

/// <summary>Finds the processes that belong to one platform by the data directory in their command line or cwd.</summary>
public static class LocalProcessScan
{
    public static IReadOnlyList<(int Pid, string CommandLine)> UsingDirectory(string directory)
    {
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                var workingDirectory = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget ?? "";
                var environment = File.ReadAllText(Path.Combine(entry, "environ"));
                if (commandLine.Contains(directory, StringComparison.Ordinal)
                    || workingDirectory.StartsWith(directory, StringComparison.Ordinal)
                    || environment.Contains(directory, StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>The process of a project resource, found by its name and its HTTP port in its environment.</summary>
    public static int ServiceProcess(string executable, string resourceName, int port)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline"));
                if (!commandLine.Split('\0')[0].EndsWith("/" + executable, StringComparison.Ordinal))
                {
                    continue;
                }

                var environment = File.ReadAllText(Path.Combine(entry, "environ")).Split('\0');
                if (environment.Contains($"OTEL_SERVICE_NAME={resourceName}") && environment.Any(variable => variable.Contains($":{port}", StringComparison.Ordinal)))
                {
                    return pid;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        throw new InvalidOperationException($"no {executable} process for {resourceName} on port {port}");
    }
}
