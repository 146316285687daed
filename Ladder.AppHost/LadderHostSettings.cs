using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Ladder.AppHost.LocalProcesses;

namespace Ladder.AppHost;

/// <summary>The AppHost's own settings (section <c>Ladder</c>), resolved once at start.</summary>
internal sealed record LadderHostSettings(
    BackingServiceMode BackingServices,
    string DataDirectory,
    int Chat1Port,
    int Chat2Port,
    int AdminPort,
    int ArchiverPort)
{
    public static LadderHostSettings From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Ladder");
        var requested = section.GetValue("BackingServices", BackingServiceMode.Auto);
        var dataDirectory = section["DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = Path.Combine(builder.AppHostDirectory, ".ladder-data");
        }

        return new LadderHostSettings(
            requested == BackingServiceMode.Auto ? DetectContainerEngine() : requested,
            Path.GetFullPath(dataDirectory),
            PortOrFree(section, "Ports:Chat1"),
            PortOrFree(section, "Ports:Chat2"),
            PortOrFree(section, "Ports:Admin"),
            PortOrFree(section, "Ports:Archiver"));
    }

    /// <summary>A configured port, or a free one when it is 0 or absent (tests run beside a developer's platform).</summary>
    private static int PortOrFree(IConfiguration section, string key)
    {
        var port = section.GetValue(key, 0);
        return port > 0 ? port : FreePort.Next();
    }

    private static BackingServiceMode DetectContainerEngine()
    {
        foreach (var engine in new[] { "docker", "podman" })
        {
            if (Answers(engine, "info"))
            {
                return BackingServiceMode.Containers;
            }
        }

        return BackingServiceMode.LocalProcesses;
    }

    private static bool Answers(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            // A client without an engine fails fast; a hung engine must not stall the start.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
