// A first-time user's .NET 8 bot, built from the packed Ladder.Client package (see PackageTests): connect with a
// development token, join, send, survive a cut, and exit 0 only if nothing was lost or doubled.
using System.Collections.Concurrent;
using Ladder.Client;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Logging;

var nodes = args[0].Split(',').Select(node => new Uri(node)).ToArray();
var room = args[1];
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
using var http = new HttpClient();

// What both clients did, printed only when the run fails: a failure on a loaded CI machine must explain itself.
var trace = new ConcurrentQueue<string>();
await using var bot = new LadderClient(new LadderClientOptions
{
    Nodes = nodes,
    TokenProvider = new DevTokenProvider(http, nodes, "packaged-bot").Provider,
    Logger = new TraceLogger(trace, "bot"),
});
await using var other = new LadderClient(new LadderClientOptions
{
    Nodes = nodes,
    TokenProvider = new DevTokenProvider(http, nodes, "packaged-other").Provider,
    Logger = new TraceLogger(trace, "other"),
});
bot.ErrorReceived += (_, error) => trace.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} bot error {error.Code} ref={error.Ref} {error.Message}");
bot.Joined += (_, joined) => trace.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} bot joined {joined.Room} head={joined.Head}");

var seen = new ConcurrentDictionary<ulong, int>();
bot.MessageReceived += (_, message) => seen.AddOrUpdate(message.Seq, 1, (_, count) => count + 1);
var states = new ConcurrentQueue<ConnectionState>();
var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
bot.StateChanged += (_, change) =>
{
    states.Enqueue(change.State);
    trace.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} bot state {change.State} {change.Node} close={change.CloseCode} {change.Error?.Message}");
    if (change.State == ConnectionState.Connected && states.Contains(ConnectionState.Reconnecting))
    {
        resumed.TrySetResult();
    }
};

try
{
    await bot.ConnectAsync(timeout.Token);
    await bot.JoinAsync(room, cancellationToken: timeout.Token);
    await other.ConnectAsync(timeout.Token);
    await other.JoinAsync(room, cancellationToken: timeout.Token);
    var before = await bot.SendAsync(room, "before the cut", cancellationToken: timeout.Token);

    if (!bot.DropConnection())
    {
        throw new InvalidOperationException("No connection to drop.");
    }

    // Sent while the bot is cut off or resuming: the bot's from its outbox, the other's must come back in the replay.
    var duringOwn = bot.SendAsync(room, "sent during the cut", cancellationToken: timeout.Token);
    var duringOther = await other.SendAsync(room, "from the other user during the cut", cancellationToken: timeout.Token);
    var own = await duringOwn;
    await resumed.Task.WaitAsync(timeout.Token);

    ulong[] expected = [before, own, duringOther];
    while (!expected.All(seen.ContainsKey))
    {
        await Task.Delay(50, timeout.Token);
    }

    if (seen.Any(pair => pair.Value != 1))
    {
        throw new InvalidOperationException("A message surfaced twice: " + string.Join(",", seen.Where(pair => pair.Value != 1).Select(pair => pair.Key)));
    }

    Console.WriteLine($"ok {Environment.Version} seqs {string.Join(",", expected)} states {string.Join(",", states)} {nameof(WireJsonContext)}");
}
catch (Exception exception)
{
    Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} failed: {exception}");
    foreach (var line in trace)
    {
        Console.Error.WriteLine(line);
    }

    throw;
}

return 0;

internal sealed class TraceLogger(ConcurrentQueue<string> trace, string name) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        trace.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel} {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
}
