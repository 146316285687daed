using Ladder.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ladder.Tests.Client;

/// <summary>
/// The clients as a user installs them (issue 18): <c>dotnet pack</c> and <c>npm pack</c> here, the artifacts installed
/// into throwaway projects outside the repository (no registry for them: a local folder feed, a tarball), and a bot
/// built on each connects to the platform, joins, sends, resumes after a cut and exits cleanly.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class PackageTests(LadderAppFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task PackedDotnetClientRunsInANet8App()
    {
        var work = Directory.CreateTempSubdirectory("ladder-nupkg-");
        try
        {
            var repository = JsClientTests.RepositoryRoot();
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            foreach (var project in new[] { "Ladder.Contracts.Wire", "Ladder.Client" })
            {
                await RunAsync("dotnet", repository, null, "pack", Path.Combine(repository, project, project + ".csproj"), "-c", "Release", "-o", feed);
            }

            Assert.True(File.Exists(Path.Combine(feed, "Ladder.Client.1.1.0.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, "Ladder.Contracts.Wire.1.1.0.nupkg")));

            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "app")).FullName;
            var template = Path.Combine(repository, "Ladder.Tests", "Client", "packaged-dotnet");
            File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(app, "Program.cs"));
            File.Copy(Path.Combine(template, "Probe.csproj"), Path.Combine(app, "Probe.csproj"));
            // The local feed beside the machine's usual source. The Ladder packages land in a packages folder of this
            // run (a machine-wide cache would keep a stale 1.1.0 from an earlier run); everything else is read from the
            // machine's folder first.
            var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="ladder-local" value="{feed}" />
                  </packageSources>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" />
                  </config>
                  <fallbackPackageFolders>
                    <add key="machine" value="{machinePackages}" />
                  </fallbackPackageFolders>
                </configuration>
                """);

            var nodes = $"{Trim(fixture.ChatNode(1))},{Trim(fixture.ChatNode(2))}";
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work.FullName, "packages") };
            var text = await RunAsync("dotnet", app, environment, "run", "--project", app, "--", nodes, Rooms.New("pkg-net"));
            Assert.Contains("ok ", text, StringComparison.Ordinal);
            // The app targets net8.0, so it compiled against the net8.0 assemblies of both packages.
            Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net8.0", "Ladder.Client.dll")));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PackedJsClientRunsInNodeAsEsmAndCommonJs()
    {
        var work = Directory.CreateTempSubdirectory("ladder-npm-");
        try
        {
            var repository = JsClientTests.RepositoryRoot();
            var package = Path.Combine(repository, "clients", "js");
            // npm pack runs the package's prepack script, which builds the CommonJS file from the ES module.
            await RunAsync("npm", package, null, "pack", "--pack-destination", work.FullName);
            var tarball = Path.Combine(work.FullName, "ladder-client-1.1.0.tgz");
            Assert.True(File.Exists(tarball));

            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "app")).FullName;
            // A package.json without "type": the scripts' .mjs and .cjs names say what they are.
            await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name":"probe","private":true}""");
            // The package has no dependencies, so the install needs no registry.
            await RunAsync("npm", app, null, "install", tarball, "--offline", "--no-audit", "--no-fund");
            foreach (var script in new[] { "scenario.mjs", "probe.mjs", "probe.cjs" })
            {
                File.Copy(Path.Combine(repository, "Ladder.Tests", "Client", "packaged-js", script), Path.Combine(app, script));
            }

            foreach (var probe in new[] { "probe.mjs", "probe.cjs" })
            {
                var environment = new Dictionary<string, string>
                {
                    ["LADDER_NODES"] = $"{Trim(fixture.ChatNode(1))},{Trim(fixture.ChatNode(2))}",
                    ["LADDER_ROOM"] = Rooms.New("pkg-js"),
                };
                // Node 20 has a WebSocket only behind this flag (Node 22 has it by default); the script passes it in
                // the client's options like any other implementation (the `ws` package would do the same).
                var text = await RunAsync("node", app, environment, "--experimental-websocket", probe);
                Assert.Contains("ok ", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Trim(Uri node) => node.ToString().TrimEnd('/');

    private async Task<string> RunAsync(string tool, string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (exitCode, text) = await ToolRun.RunAsync(tool, directory, environment, ToolTimeout, arguments);
        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        return text;
    }
}
