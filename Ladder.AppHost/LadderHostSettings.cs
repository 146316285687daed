using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Ladder.AppHost.LocalProcesses;
using Ladder.AppHost.Nats;

namespace Ladder.AppHost;

/// <summary>The AppHost's own settings (section <c>Ladder</c>), resolved once at start.</summary>
internal sealed record LadderHostSettings(
    BackingServiceMode BackingServices,
    string DataDirectory,
    IReadOnlyList<int> ChatPorts,
    NatsClusterLayout Nats,
    int AdminPort,
    int ArchiverPort,
    ChatTls? Tls)
{
    /// <summary>Chat nodes when <c>Ladder:ChatNodes</c> is not set.</summary>
    public const int DefaultChatNodes = 2;

    /// <summary>Most chat nodes one AppHost runs; far above what one machine serves, a guard against a typo.</summary>
    public const int MaxChatNodes = 64;

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
            ChatPortsFrom(section),
            NatsClusterLayout.From(section),
            PortOrFree(section, "Ports:Admin"),
            PortOrFree(section, "Ports:Archiver"),
            ChatTls.From(section));
    }

    /// <summary>
    /// One port per chat node: <c>Ports:Chat{n}</c> when set (0 = a free one), else <c>Ports:ChatBase</c> + n − 1
    /// (5101, 5102, … in run mode), else a free one (<c>ChatBase</c> 0, as the tests set it).
    /// </summary>
    private static IReadOnlyList<int> ChatPortsFrom(IConfiguration section)
    {
        var count = section.GetValue("ChatNodes", DefaultChatNodes);
        if (count is < 1 or > MaxChatNodes)
        {
            throw new InvalidOperationException($"Ladder:ChatNodes must be between 1 and {MaxChatNodes}, not {count}.");
        }

        var chatBase = section.GetValue("Ports:ChatBase", 0);
        return Enumerable.Range(1, count)
            .Select(number => section[$"Ports:Chat{number}"] is not null || chatBase <= 0
                ? PortOrFree(section, $"Ports:Chat{number}")
                : chatBase + number - 1)
            .ToList();
    }

    /// <summary>A configured port, or a free one when it is 0 or absent (tests run beside a developer's platform).</summary>
    internal static int PortOrFree(IConfiguration section, string key)
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
