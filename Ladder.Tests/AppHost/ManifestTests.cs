using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ladder.Tests.AppHost;

/// <summary>The served Aspire version writes a deployment manifest (<c>--publisher manifest</c>): it names every
/// resource of a scaled-out platform and the settings the services need on other machines.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task TheManifestOfFourNodesOnThreeNatsServersHoldsEveryResourceAndSetting()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ladder-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        var manifest = Path.Combine(directory, "manifest.json");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "run", "--project", Projects.Ladder_AppHost.ProjectPath, "--no-build", "--no-launch-profile", "--",
                    "--publisher", "manifest", "--output-path", manifest,
                    "--Ladder:BackingServices=LocalProcesses", $"--Ladder:DataDirectory={directory}",
                    "--Ladder:ChatNodes=4", "--Ladder:Nats:Servers=3",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await output + await errors);

            var resources = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!["resources"]!.AsObject();
            string[] expected = ["nats", "nats-1", "nats-2", "nats-3", "redis", "ladder", "rabbitmq", "chat-1", "chat-2", "chat-3", "chat-4", "archiver", "admin"];
            Assert.Superset(expected.ToHashSet(), resources.Select(resource => resource.Key).ToHashSet());
            Assert.Equal("{nats-1.bindings.tcp.port}", ((string?)resources["nats"]!["connectionString"])!.Split(',')[0].Split(':')[^1]);
            Assert.Equal(3, ((string?)resources["nats"]!["connectionString"])!.Split(',').Length);

            var chat4 = resources["chat-4"]!["env"]!;
            Assert.Equal("{nats.connectionString}", (string?)chat4["ConnectionStrings__nats"]);
            Assert.Equal("3", (string?)chat4["Chat__Log__Replicas"]);
            Assert.Equal("chat-4", (string?)chat4["Chat__NodeName"]);
            Assert.Equal("3", (string?)resources["archiver"]!["env"]!["Archiver__Relay__Replicas"]);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
