using System.Diagnostics;
using Ladder.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ladder.Tests.Client;

/// <summary>The JS client (the file the nodes serve) under Node 20's test runner, against the real platform.</summary>
[Collection(LadderCollection.Name)]
public sealed class JsClientTests(LadderAppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task NodeTestsPass()
    {
        var directory = Directory.CreateTempSubdirectory("ladder-js-");
        try
        {
            var repository = RepositoryRoot();
            File.Copy(Path.Combine(repository, "clients", "js", "src", "ladder-client.js"), Path.Combine(directory.FullName, "ladder-client.mjs"));
            File.Copy(Path.Combine(repository, "Ladder.Tests", "Client", "js", "ladder-client.test.mjs"), Path.Combine(directory.FullName, "ladder-client.test.mjs"));
            // A package.json without "type" in the folder: the .mjs must still load as a module (row 9 of issue 18).
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "package.json"), """{"name":"probe","private":true}""");

            var (exitCode, text) = await NodeAsync(directory.FullName, $"{fixture.ChatNode(1).ToString().TrimEnd('/')},{fixture.ChatNode(2).ToString().TrimEnd('/')}",
                "--experimental-websocket", "--test", "--test-reporter=tap", "ladder-client.test.mjs");
            output.WriteLine(text);
            Assert.True(exitCode == 0, text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NodeAccessTestsPass()
    {
        var directory = Directory.CreateTempSubdirectory("ladder-js-access-");
        try
        {
            var repository = RepositoryRoot();
            File.Copy(Path.Combine(repository, "clients", "js", "src", "ladder-client.js"), Path.Combine(directory.FullName, "ladder-client.mjs"));
            File.Copy(Path.Combine(repository, "Ladder.Tests", "Client", "js", "ladder-client-access.test.mjs"), Path.Combine(directory.FullName, "ladder-client-access.test.mjs"));
            var environment = new Dictionary<string, string> { ["LADDER_KEY"] = await TestTokens.SigningKeyAsync(fixture.App) };

            var (exitCode, text) = await NodeAsync(directory.FullName, $"{fixture.ChatNode(1).ToString().TrimEnd('/')},{fixture.ChatNode(2).ToString().TrimEnd('/')}",
                environment, "--experimental-websocket", "--test", "--test-reporter=tap", "ladder-client-access.test.mjs");
            output.WriteLine(text);
            Assert.True(exitCode == 0, text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ladder.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Ladder.sln not found above " + AppContext.BaseDirectory);
    }

    internal static Task<(int ExitCode, string Output)> NodeAsync(string workingDirectory, string nodes, params string[] arguments) =>
        NodeAsync(workingDirectory, nodes, new Dictionary<string, string>(), arguments);

    /// <param name="environment">More variables for the script (the signing key of access tests).</param>
    internal static async Task<(int ExitCode, string Output)> NodeAsync(
        string workingDirectory, string nodes, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LADDER_NODES"] = nodes;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A client that keeps the event loop alive (a leaked socket) never lets node exit.
            process.Kill(entireProcessTree: true);
            return (-1, "node did not exit within 3 minutes\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
