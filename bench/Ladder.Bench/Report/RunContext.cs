using System.Diagnostics;
using System.Globalization;
using Ladder.Bench.Cli;
using Ladder.Bench.Net;
using Ladder.Bench.Platform;

namespace Ladder.Bench.Report;

/// <summary>Everything a scenario shares: options, the measured processes, the connector and tokens, logging.</summary>
public sealed class RunContext : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int connected;

    public RunContext(BenchOptions options)
    {
        Options = options;
        Nodes = options.Nodes;
        Processes = PlatformProcesses.Discover(Nodes, options.Ladder);
        Cpu = new CpuMeter(Processes);
        Tokens = new TokenFetcher(Nodes);
        RepositoryRoot = FindRepositoryRoot();
        ResultsDirectory = options.Get("out", Path.Combine(RepositoryRoot, "bench", "results"));
        Tag = options.Get("tag", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        // Names unique to this run: users, rooms and clientMsgIds never collide with an earlier run's dedupe window.
        RunId = Guid.NewGuid().ToString("N")[..6];
    }

    public BenchOptions Options { get; }

    public IReadOnlyList<Uri> Nodes { get; }

    public PlatformProcesses Processes { get; }

    public CpuMeter Cpu { get; }

    public WsConnector Connector { get; } = new();

    public TokenFetcher Tokens { get; }

    public string RepositoryRoot { get; }

    public string ResultsDirectory { get; }

    public string Tag { get; }

    public string RunId { get; }

    /// <summary>Connections opened by the current <see cref="ConnectManyAsync"/>, for progress sampling.</summary>
    public int ConnectedCount => Volatile.Read(ref connected);

    public void Log(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");

    /// <summary>
    /// Opens <paramref name="count"/> connections (index → node and token chosen by the caller), at most
    /// <paramref name="parallel"/> at a time, starts each receive loop, and returns them in index order.
    /// </summary>
    public async Task<WsConn[]> ConnectManyAsync(
        int count,
        Func<int, Uri> nodeOf,
        Func<int, string> tokenOf,
        IFrameSink sink,
        int bufferBytes,
        int parallel,
        CancellationToken cancellationToken)
    {
        var connections = new WsConn[count];
        var receiving = new Task[count];
        var done = 0;
        Volatile.Write(ref connected, 0);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, token) =>
        {
            WsConn? connection = null;
            for (var attempt = 1; connection is null; attempt++)
            {
                try
                {
                    connection = await Connector.ConnectAsync(nodeOf(i), tokenOf(i), i, token);
                }
                catch (Exception exception) when (attempt < 3 && exception is not OperationCanceledException)
                {
                    await Task.Delay(200 * attempt, token);
                }
            }

            connections[i] = connection;
            receiving[i] = connection.ReceiveLoopAsync(sink, bufferBytes, cancellationToken);
            var now = Interlocked.Increment(ref done);
            Interlocked.Increment(ref connected);
            if (now % 2000 == 0)
            {
                Log($"  {now}/{count} connected");
            }
        });
        return connections;
    }

    /// <summary>Sends a join to every connection for its room and waits for every <c>joined</c>.</summary>
    public static async Task JoinAllAsync(IReadOnlyList<WsConn> connections, Func<WsConn, ulong?> lastKnownId, int parallel, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (connection, token) =>
        {
            var last = lastKnownId(connection);
            var frame = last is { } seq
                ? $"{{\"type\":\"join\",\"room\":\"{connection.Room}\",\"lastKnownId\":{seq}}}"
                : $"{{\"type\":\"join\",\"room\":\"{connection.Room}\"}}";
            await connection.SendAsync(frame, token);
            await connection.Joined.WaitAsync(TimeSpan.FromSeconds(60), token);
        });
    }

    /// <summary>Waits (bounded) until the machine is mostly idle, so one scenario's aftermath (archiving, GC) does not
    /// bill the next one.</summary>
    public async Task WaitForQuietAsync(double busyShare, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            var before = Cpu.Take();
            await Task.Delay(1000, cancellationToken);
            var usage = CpuMeter.Between(before, Cpu.Take());
            if (usage.MachineSeconds / Math.Max(usage.MachineCapacitySeconds, 0.01) < busyShare)
            {
                return;
            }
        }

        Log($"  machine still busy after {limit.TotalSeconds:F0} s; going on");
    }

    public void Dispose()
    {
        Connector.Dispose();
        Tokens.Dispose();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ladder.sln")))
            {
                return directory.FullName;
            }
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ladder.sln")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
