using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Archive: (1) capacity — a backlog written straight into the chat log (faster than the chat nodes can accept
/// sends, so the archiver is the bottleneck) and the rate at which rows appear in PostgreSQL's <c>messages</c>;
/// (2) lag — sends through the chat nodes at a steady rate, and how far the archive trails the acks.
/// </summary>
public sealed class ArchiveScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var backlog = options.Int("backlog", 100_000, 20_000);
        var lagRate = options.Double("lag-rate", 1000, 1000);
        var lagSeconds = options.Double("lag-seconds", 30, 10);
        var senders = options.Int("senders", 100, 100);
        var connectionString = options.Get("pg", context.Processes.PostgresConnectionString ?? "")
            is { Length: > 0 } pg ? pg : throw new InvalidOperationException("no PostgreSQL connection string: pass --pg");
        var natsUrl = options.Get("nats", context.Processes.NatsUrl ?? "")
            is { Length: > 0 } nats ? nats : throw new InvalidOperationException("no NATS url: pass --nats");
        var settings = new JsonObject { ["backlogMessages"] = backlog, ["lagRatePerSecond"] = lagRate, ["lagSeconds"] = lagSeconds, ["senders"] = senders };
        await using var database = NpgsqlDataSource.Create(connectionString);

        // The archiver works through the log in order: what earlier scenarios wrote must be archived first, or the
        // backlog measured here would queue behind it.
        await WaitForArchiveAsync(database, natsUrl, cancellationToken);

        // 1. Capacity from an injected backlog. If the archiver keeps up with the injection, the figure is only a
        // lower bound (input-limited); if a backlog is left when the injection ends, its drain rate is the capacity.
        context.Log($"archive: injecting {backlog} messages straight into the log…");
        var rowsAtStart = 0L;
        var cpuAtStart = context.Cpu.Take();
        var (firstSeq, lastSeq, injectSeconds) = await InjectAsync(natsUrl, backlog, cancellationToken);
        var rowsAtInjectEnd = await CountAsync(database, firstSeq, lastSeq, cancellationToken);
        context.Log($"archive: injected seq {firstSeq}..{lastSeq} in {injectSeconds:F1} s ({backlog / injectSeconds:F0}/s); {rowsAtInjectEnd} archived by then; counting rows…");
        var drainClock = System.Diagnostics.Stopwatch.StartNew();
        long rows = rowsAtInjectEnd, lastRows = -1;
        var progressAt = System.Diagnostics.Stopwatch.StartNew();
        while (rows < backlog && progressAt.Elapsed < TimeSpan.FromSeconds(30) && drainClock.Elapsed < TimeSpan.FromSeconds(600))
        {
            await Task.Delay(100, cancellationToken);
            rows = await CountAsync(database, firstSeq, lastSeq, cancellationToken);
            if (rows != lastRows)
            {
                lastRows = rows;
                progressAt.Restart();
            }
        }

        var drainSeconds = drainClock.Elapsed.TotalSeconds;
        // Where the CPU went while the backlog was written and archived: which stage is the bottleneck.
        var usage = Platform.CpuMeter.Between(cpuAtStart, context.Cpu.Take());
        var cpuByRole = new JsonObject();
        foreach (var (role, seconds) in usage.Seconds.OrderByDescending(pair => pair.Value))
        {
            cpuByRole[role] = Summary.Round(seconds, 2);
        }

        cpuByRole["machineBusy"] = Summary.Round(usage.MachineSeconds, 2);
        cpuByRole["machineCapacity"] = Summary.Round(usage.MachineCapacitySeconds, 2);
        var leftAtInjectEnd = backlog - rowsAtInjectEnd;
        var inputLimited = leftAtInjectEnd < backlog / 5;
        var capacity = inputLimited
            ? (rows - rowsAtStart) / (injectSeconds + drainSeconds)
            : (rows - rowsAtInjectEnd) / Math.Max(drainSeconds, 1e-3);
        context.Log($"archive: {rows}/{backlog} rows; {(inputLimited ? "kept up with the injection: capacity at least" : "drain rate of the backlog")} {capacity:F0} msg/s");

        // 2. Lag while sending through the chat nodes at a steady rate.
        await context.WaitForQuietAsync(0.4, TimeSpan.FromSeconds(20), cancellationToken);
        var lag = await MeasureLagAsync(database, senders, lagRate, lagSeconds, cancellationToken);

        var results = new JsonObject
        {
            ["injectedPerSecond"] = Summary.Round(backlog / injectSeconds, 0),
            ["archivedRows"] = rows,
            ["archiveMessagesPerSecond"] = Summary.Round(capacity, 0),
            ["inputLimited"] = inputLimited,
            ["backlogLeftWhenInjectionEnded"] = leftAtInjectEnd,
            ["cpuSecondsByRoleDuringBacklog"] = cpuByRole,
            ["lag"] = lag.Json,
        };
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Capacity: {backlog:N0} messages written straight into the log at {backlog / injectSeconds:F0}/s; rows archived {rows:N0}; {leftAtInjectEnd:N0} still to archive when the injection ended; archive rate **{(inputLimited ? "≥ " : "")}{capacity:F0} msg/s**{(inputLimited ? " (input-limited: the archiver kept up with the injection)" : " (drain rate of that backlog)")}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- CPU seconds by process while the backlog was written and archived: `{cpuByRole.ToJsonString()}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Lag at {lagRate:F0} msg/s sent through the chat nodes for {lagSeconds:F0} s: achieved {lag.Json["achievedPerSecond"]} msg/s, lag p50 **{lag.Json["lagP50Ms"]} ms**, p99 {lag.Json["lagP99Ms"]} ms, max {lag.Json["lagMaxMs"]} ms (after the first 3 s); all archived {lag.Json["drainedMsAfterLastAck"]} ms after the last ack.");
        var svg = SvgChart.Render("archive: lag behind acks while sending at a steady rate", "seconds", "lag ms", [new SvgSeries("lag", lag.Curve)]);
        return new ScenarioReport("archive", settings, results, md.ToString(), svg);
    }

    private async Task<(ulong First, ulong Last, double Seconds)> InjectAsync(string natsUrl, int count, CancellationToken cancellationToken)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "ladder-bench" });
        var jetStream = new NatsJSContext(nats);
        var first = ulong.MaxValue;
        var last = 0UL;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 1024, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var room = $"a{context.RunId}-r{i % 100:D3}";
            var user = $"a{context.RunId}-u{i % 100}";
            var clientMsgId = $"b{i}";
            var body = JsonSerializer.SerializeToUtf8Bytes(new StoredMessage(user, $"backlog message {i} " + new string('x', 70), clientMsgId, DateTimeOffset.UtcNow), LogJsonContext.Default.StoredMessage);
            var ack = await jetStream.PublishAsync(
                NatsSubjects.Room(room),
                body,
                headers: new NatsHeaders { [LogHeaders.Kind] = LogEntryKinds.Message },
                opts: new NatsJSPubOpts { MsgId = NatsSubjects.MessageId(room, user, clientMsgId) },
                cancellationToken: token);
            ack.EnsureSuccess();
            lock (gate)
            {
                first = Math.Min(first, ack.Seq);
                last = Math.Max(last, ack.Seq);
            }
        });
        return (first, last, clock.Elapsed.TotalSeconds);
    }

    private async Task WaitForArchiveAsync(NpgsqlDataSource database, string natsUrl, CancellationToken cancellationToken)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "ladder-bench" });
        var stream = await new NatsJSContext(nats).GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
        var target = (long)stream.Info.State.LastSeq;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(300))
        {
            await using var command = database.CreateCommand("select coalesce(max(seq), 0) from messages");
            var archived = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (archived >= target)
            {
                context.Log($"archive: the archive is at the log's end (seq {target}) after {waited.Elapsed.TotalSeconds:F0} s");
                return;
            }

            await Task.Delay(1000, cancellationToken);
        }

        context.Log("archive: the archive did not reach the log's end within 300 s; measuring anyway");
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, ulong first, ulong last, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select count(*) from messages where seq between $1 and $2");
        command.Parameters.AddWithValue((long)first);
        command.Parameters.AddWithValue((long)last);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<(JsonObject Json, List<(double, double)> Curve)> MeasureLagAsync(NpgsqlDataSource database, int senderCount, double rate, double seconds, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(0, senderCount).Select(i => $"l{context.RunId}-u{i}").ToArray();
        var tokens = await context.Tokens.FetchAsync(users, cancellationToken);
        var sink = new ControlSink { AckLog = new ConcurrentQueue<(ulong Seq, long At)>() };
        var connections = await context.ConnectManyAsync(senderCount, i => context.Nodes[i % context.Nodes.Count], i => tokens[i], sink, 8192, 32, cancellationToken);
        foreach (var connection in connections)
        {
            connection.Room = $"l{context.RunId}-r{connection.Index:D3}";
        }

        await RunContext.JoinAllAsync(connections, _ => null, 32, cancellationToken);
        var senders = connections.Select(connection => new FanoutSender(connection, 100)).ToArray();
        context.Log($"archive: sending {rate:F0} msg/s through the chat nodes for {seconds:F0} s, sampling the archive…");

        var sampling = new List<(long At, long Rows)>();
        using var stopSampling = new CancellationTokenSource();
        ulong firstSeq = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                if (firstSeq == 0 && !sink.AckLog.IsEmpty)
                {
                    firstSeq = sink.AckLog.Min(a => a.Seq);
                }

                if (firstSeq != 0)
                {
                    var rows = await CountAsync(database, firstSeq, (ulong)long.MaxValue, CancellationToken.None);
                    lock (sampling)
                    {
                        sampling.Add((Stopwatch.GetTimestamp(), rows));
                    }
                }

                try
                {
                    await Task.Delay(100, stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var sent = 0L;
        var next = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            var tries = 0;
            while (sent < due && tries < senders.Length)
            {
                var sender = senders[next];
                next = (next + 1) % senders.Length;
                if (sender.IsBusy)
                {
                    tries++;
                    continue;
                }

                sender.Send(0, Stopwatch.GetTimestamp());
                sent++;
            }

            await Task.Delay(1, cancellationToken);
        }

        var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var ackWait = Stopwatch.StartNew();
        while (sink.Acks < sent && ackWait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, cancellationToken);
        }

        var acks = sink.AckLog.OrderBy(a => a.Seq).ToArray();
        var lastAckAt = acks.Length > 0 ? acks.Max(a => a.At) : started;
        var drainWait = Stopwatch.StartNew();
        while (drainWait.Elapsed < TimeSpan.FromSeconds(60))
        {
            lock (sampling)
            {
                if (sampling.Count > 0 && sampling[^1].Rows >= acks.Length)
                {
                    break;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        await stopSampling.CancelAsync();
        await sampler;
        sink.Stopping = true;
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        // Lag at a sample: how long ago the newest archived message (by count, in seq order) was acknowledged.
        var acksByTime = acks.Select(a => a.At).ToArray();
        var ackTimesInSeqOrder = acks.Select(a => a.At).ToArray();
        var lags = new List<double>();
        var curve = new List<(double, double)>();
        long drainedAt = 0;
        foreach (var (at, rows) in sampling)
        {
            var acked = acksByTime.Count(t => t <= at);
            double lagMs;
            if (rows >= acked)
            {
                lagMs = 0;
            }
            else
            {
                var oldestUnarchived = ackTimesInSeqOrder[Math.Clamp((int)rows, 0, ackTimesInSeqOrder.Length - 1)];
                lagMs = Math.Max(0, Stopwatch.GetElapsedTime(oldestUnarchived, at).TotalMilliseconds);
            }

            var since = Stopwatch.GetElapsedTime(started, at).TotalSeconds;
            curve.Add((since, lagMs));
            if (since >= 3 && at <= lastAckAt)
            {
                lags.Add(lagMs);
            }

            if (drainedAt == 0 && rows >= acks.Length && at >= lastAckAt)
            {
                drainedAt = at;
            }
        }

        var json = new JsonObject
        {
            ["sent"] = sent,
            ["acked"] = acks.Length,
            ["achievedPerSecond"] = Summary.Round(acks.Length / sendSeconds, 0),
            ["lagP50Ms"] = Summary.Round(Summary.Percentile(lags, 0.5), 0),
            ["lagP99Ms"] = Summary.Round(Summary.Percentile(lags, 0.99), 0),
            ["lagMaxMs"] = Summary.Round(lags.Count > 0 ? lags.Max() : double.NaN, 0),
            ["drainedMsAfterLastAck"] = drainedAt == 0 ? null : Summary.Round(Stopwatch.GetElapsedTime(lastAckAt, drainedAt).TotalMilliseconds, 0),
            ["errors"] = sink.Errors,
            ["firstError"] = sink.FirstError,
        };
        context.Log($"archive: lag at {rate:F0}/s: p50 {json["lagP50Ms"]} ms, p99 {json["lagP99Ms"]} ms, max {json["lagMaxMs"]} ms; acked {acks.Length}/{sent}");
        return (json, curve);
    }
}
