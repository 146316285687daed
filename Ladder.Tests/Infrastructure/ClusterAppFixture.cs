using System.Diagnostics;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.Tests.Infrastructure;

/// <summary>
/// A platform on a three-server NATS cluster that the tests break: they SIGKILL NATS servers and chat nodes and
/// freeze Redis, so no other test shares it.
/// </summary>
public sealed class ClusterAppFixture : LadderAppFixture
{
    public static readonly string[] NatsServerNames = ["nats-1", "nats-2", "nats-3"];

    protected override int NatsServers => 3;

    // A third node the tests may kill, so chat-1 and chat-2 stay for the rest.
    protected override IEnumerable<string> Settings => ["--Ladder:ChatNodes=3"];

    /// <summary>A JetStream context of its own, with every server's URL like the services'.</summary>
    public async Task<NatsConnection> ConnectNatsAsync() =>
        new(NatsOpts.Default with { Url = (await App.GetConnectionStringAsync("nats"))!, MaxReconnectRetry = -1 });

    /// <summary>The server leading the chat log's stream, from the JetStream API's stream info.</summary>
    public async Task<(string Leader, StreamInfo Info)> StreamLeaderAsync(INatsJSContext jetStream, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var stream = await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
                if (stream.Info.Cluster?.Leader is { Length: > 0 } leader)
                {
                    return (leader, stream.Info);
                }
            }
            catch (Exception exception) when (exception is NatsException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // Mid-election or the asked server gone: ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Waits until the stream has a leader and every other server is a current replica (a restarted one caught up).</summary>
    public async Task WaitForFullReplicationAsync(INatsJSContext jetStream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, info) = await StreamLeaderAsync(jetStream, cancellationToken);
            var replicas = info.Cluster?.Replicas ?? [];
            if (replicas.Count == NatsServerNames.Length - 1 && replicas.All(replica => replica.Current && !replica.Offline))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>The process of NATS server <paramref name="name"/> of this platform.</summary>
    public int NatsServerPid(string name)
    {
        var match = LocalProcessScan.UsingDirectory(DataDirectory)
            .Where(process => process.CommandLine.Contains("nats-server", StringComparison.Ordinal)
                && (process.CommandLine + " ").Contains($" -n {name} ", StringComparison.Ordinal))
            .ToList();
        Assert.True(match.Count == 1, $"{match.Count} processes for {name}");
        return match[0].Pid;
    }

    /// <summary>SIGKILLs a NATS server and waits until it is gone.</summary>
    public async Task KillNatsServerAsync(string name)
    {
        using var process = Process.GetProcessById(NatsServerPid(name));
        process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts a killed NATS server again through its resource command and waits until it is healthy.</summary>
    public async Task RestartNatsServerAsync(string name, CancellationToken cancellationToken)
    {
        // The orchestrator must have seen the exit before it accepts a start.
        await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, cancellationToken);
        await StartResourceAsync(name, cancellationToken);
    }

    /// <summary>Sends SIGSTOP or SIGCONT (a hung process, not a refusing one).</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterAppFixture>
{
    public const string Name = "cluster";
}
