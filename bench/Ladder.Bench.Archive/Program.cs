// Measures the archiver on a running platform, bounded in count and time, loopback only.
//
//   backlog    --count N                  write N messages to the chat log (run it while no archiver runs)
//   drain      --seconds S                sample rows/s written to PostgreSQL for S seconds (start the archiver first)
//   steady     --rate R --seconds S       write R messages/s for S seconds and sample the archive lag every second
//
// Messages go to --rooms N rooms (default 10). Connection strings: --nats nats://ladder:PASSWORD@127.0.0.1:PORT  --db "Host=…;Port=…;Username=…;Password=…;Database=ladder"
using System.Diagnostics;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Net;
using Npgsql;

var options = ParseArguments(args);
var mode = args.FirstOrDefault() ?? "help";
await using var nats = new NatsConnection(NatsOpts.Default with { Url = options["nats"] });
var jetStream = nats.CreateJetStreamContext();
await using var database = NpgsqlDataSource.Create(options["db"]);
// Spread over rooms: the stream keeps at most Chat:Log:MaxMessagesPerRoom (100,000) per room.
var rooms = int.Parse(options.GetValueOrDefault("rooms", "10"));

switch (mode)
{
    case "backlog":
        await Backlog(int.Parse(options["count"]));
        break;
    case "drain":
        await Drain(int.Parse(options.GetValueOrDefault("seconds", "30")));
        break;
    case "steady":
        await Steady(int.Parse(options["rate"]), int.Parse(options.GetValueOrDefault("seconds", "60")));
        break;
    default:
        Console.Error.WriteLine("usage: backlog --count N | drain --seconds S | steady --rate R --seconds S  (--nats URL --db CONNSTR)");
        return 2;
}

return 0;

async Task Backlog(int count)
{
    var stopwatch = Stopwatch.StartNew();
    const int Window = 500;
    var prefix = Guid.NewGuid().ToString("N")[..8];
    for (var start = 0; start < count; start += Window)
    {
        await Task.WhenAll(Enumerable.Range(start, Math.Min(Window, count - start)).Select(i => Publish($"{prefix}-{i}", i)));
    }

    Console.WriteLine($"backlog: {count} messages written to the log in {stopwatch.Elapsed.TotalSeconds:F1} s");
}

async Task Drain(int seconds)
{
    // Waits (at most a minute) for the first row to move, then counts rows over exactly `seconds` seconds.
    var start = await CountRows();
    var waiting = Stopwatch.StartNew();
    while (await CountRows() == start)
    {
        if (waiting.Elapsed > TimeSpan.FromMinutes(1))
        {
            throw new TimeoutException("no row was written within a minute: is an archiver running?");
        }

        await Task.Delay(100);
    }

    var first = await CountRows();
    var stopwatch = Stopwatch.StartNew();
    var previous = first;
    for (var second = 1; second <= seconds; second++)
    {
        await Task.Delay(TimeSpan.FromSeconds(second) - stopwatch.Elapsed);
        var now = await CountRows();
        Console.WriteLine($"t={second,3}s rows/s={now - previous,7}");
        previous = now;
    }

    var total = previous - first;
    Console.WriteLine($"drain: {total} rows in {stopwatch.Elapsed.TotalSeconds:F1} s = {total / stopwatch.Elapsed.TotalSeconds:F0} messages/s");
}

async Task Steady(int rate, int seconds)
{
    var lags = new List<long>();
    var stopwatch = Stopwatch.StartNew();
    var sent = 0;
    var prefix = Guid.NewGuid().ToString("N")[..8];
    var publishes = new List<Task>();
    var nextSample = TimeSpan.FromSeconds(1);
    while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        // Paced by elapsed time: a late tick sends what it owes, so the average rate is exact.
        var due = (int)(stopwatch.Elapsed.TotalSeconds * rate);
        for (; sent < due; sent++)
        {
            publishes.Add(Publish($"{prefix}-{sent}", sent));
        }

        if (stopwatch.Elapsed >= nextSample)
        {
            var lag = await MeasureLag();
            lags.Add(lag);
            Console.WriteLine($"t={nextSample.TotalSeconds,3:F0}s sent={sent,7} lag={lag,6}");
            nextSample += TimeSpan.FromSeconds(1);
        }

        await Task.Delay(5);
        publishes.RemoveAll(task => task.IsCompletedSuccessfully);
    }

    await Task.WhenAll(publishes);
    // The first seconds fill the pipeline; the steady state is the second half.
    var steady = lags.Skip(lags.Count / 2).Order().ToArray();
    Console.WriteLine($"steady: {rate} msg/s for {seconds} s; lag over the last {steady.Length} s: " +
        $"median {steady[steady.Length / 2]}, p95 {steady[(int)(steady.Length * 0.95)]}, max {steady[^1]} entries");
}

async Task Publish(string clientMsgId, int index)
{
    var headers = new NatsHeaders();
    var body = LogEntryWriter.Message(new StoredMessage("bench", $"bench message {index}", clientMsgId, DateTimeOffset.UtcNow), headers);
    var ack = await jetStream.PublishAsync(
        NatsSubjects.Room($"bench-{index % rooms}"),
        body,
        headers: headers,
        opts: new NatsJSPubOpts { MsgId = NatsSubjects.MessageId($"bench-{index % rooms}", "bench", clientMsgId) });
    ack.EnsureSuccess();
}

async Task<long> CountRows()
{
    await using var command = database.CreateCommand("SELECT count(*) FROM messages");
    return (long)(await command.ExecuteScalarAsync())!;
}

// The lag the archiver last measured (what its gauge and the admin console show): both seqs taken at the same moment.
async Task<long> MeasureLag()
{
    await using var command = database.CreateCommand("SELECT stream_last_seq - archived_seq FROM archive_progress WHERE stream = 'CHAT'");
    return await command.ExecuteScalarAsync() as long? ?? -1;
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }

    return options;
}
