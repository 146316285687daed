using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Bench.Platform;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Archive: (1) capacity — the archiver is stopped (SIGSTOP), a backlog is written straight into the chat log, the
/// archiver is resumed (SIGCONT) and the rate at which the backlog's rows appear in PostgreSQL's <c>messages</c> is
/// measured (the "drain after pause"); with <c>--pause false</c> the backlog is written while the archiver runs, which
/// measures the slower of the writer and the archiver; (2) lag — sends through the chat nodes at a steady rate, and
/// how far the archive trails the acks.
/// </summary>
public sealed class ArchiveScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var backlog = options.Int("backlog", 100_000, 20_000);
        var pause = !string.Equals(options.Get("pause", "true"), "false", StringComparison.OrdinalIgnoreCase);
        var lagRate = options.Double("lag-rate", 1000, 1000);
        var lagSeconds = options.Double("lag-seconds", 30, 10);
        var senders = options.Int("senders", 100, 100);
        var connectionString = options.Get("pg", context.Processes.PostgresConnectionString ?? "")
            is { Length: > 0 } pg ? pg : throw new InvalidOperationException("no PostgreSQL connection string: pass --pg");
        var natsUrl = options.Get("nats", context.Processes.NatsUrl ?? "")
            is { Length: > 0 } nats ? nats : throw new InvalidOperationException("no NATS url: pass --nats");
        var settings = new JsonObject
        {
            ["backlogMessages"] = backlog,
            ["pauseArchiver"] = pause,
            ["lagRatePerSecond"] = lagRate,
            ["lagSeconds"] = lagSeconds,
            ["senders"] = senders,
        };
        await using var database = NpgsqlDataSource.Create(connectionString);

        // The archiver works through the log in order: what earlier scenarios wrote must be archived first, or the
        // backlog measured here would queue behind it.
        await WaitForArchiveAsync(database, natsUrl, cancellationToken);

        // 1. Capacity.
        var (results, capacityMarkdown) = pause
            ? await DrainAfterPauseAsync(database, natsUrl, backlog, cancellationToken)
            : await DrainWhileInjectingAsync(database, natsUrl, backlog, cancellationToken);

        // 2. Lag while sending through the chat nodes at a steady rate.
        await context.WaitForQuietAsync(0.4, TimeSpan.FromSeconds(20), cancellationToken);
        var lag = await MeasureLagAsync(database, natsUrl, senders, lagRate, lagSeconds, cancellationToken);

        results["lag"] = lag.Json;
        var md = new StringBuilder(capacityMarkdown);
        md.AppendLine(CultureInfo.InvariantCulture, $"- Lag at {lagRate:F0} msg/s sent through the chat nodes for {lagSeconds:F0} s: achieved {lag.Json["achievedPerSecond"]} msg/s, lag p50 **{lag.Json["lagP50Ms"]} ms**, p99 {lag.Json["lagP99Ms"]} ms, max {lag.Json["lagMaxMs"]} ms (after the first 3 s); all archived {lag.Json["drainedMsAfterLastAck"]} ms after the last ack.");
        var svg = SvgChart.Render("archive: lag behind acks while sending at a steady rate", "seconds", "lag ms", [new SvgSeries("lag", lag.Curve)]);
        return new ScenarioReport("archive", settings, results, md.ToString(), svg);
    }

    /// <summary>
    /// The archiver's own capacity: stopped while the backlog is written (the writer is slower than the archiver, so
    /// writing while it runs measures the writer), then resumed; rows are counted every 50 ms until all are in. The
    /// pause (about 10 s for 100,000) stays below the relay's AckWait (30 s), so nothing is redelivered for having
    /// waited; a longer one is logged, and the distinct rows counted at the end show what it cost.
    /// </summary>
    private async Task<(JsonObject Json, string Markdown)> DrainAfterPauseAsync(NpgsqlDataSource database, string natsUrl, int backlog, CancellationToken cancellationToken)
    {
        if (!context.Processes.Pids.TryGetValue("archiver", out var archiverPid))
        {
            throw new InvalidOperationException("no archiver process found to pause (see `discover`): pass --pause false to measure while it runs");
        }

        context.Log($"archive: stopping the archiver (pid {archiverPid}) and injecting {backlog} messages straight into the log…");
        ulong firstSeq, lastSeq;
        double injectSeconds;
        long rowsWhileStopped, resumedAt;
        TimeSpan stoppedFor;
        CpuSnapshot cpuAtResume;
        using (var paused = ProcessPause.Stop(archiverPid))
        {
            // Resumed on every way out of this block: an exception or cancellation must not leave the archiver frozen.
            (firstSeq, lastSeq, injectSeconds) = await InjectAsync(natsUrl, backlog, cancellationToken);
            rowsWhileStopped = await CountAsync(database, firstSeq, lastSeq, cancellationToken);
            cpuAtResume = context.Cpu.Take();
            resumedAt = Stopwatch.GetTimestamp();
            paused.Resume();
            stoppedFor = paused.Paused;
        }

        context.Log($"archive: injected seq {firstSeq}..{lastSeq} in {injectSeconds:F1} s ({backlog / injectSeconds:F0}/s); {rowsWhileStopped} archived while stopped; resumed after {stoppedFor.TotalSeconds:F1} s, counting rows…");
        if (stoppedFor > TimeSpan.FromSeconds(25))
        {
            context.Log($"archive: the archiver was stopped for {stoppedFor.TotalSeconds:F0} s, near the relay's AckWait (30 s): expect redeliveries");
        }

        var samples = new List<(double Seconds, long Rows)> { (0, rowsWhileStopped) };
        var rows = rowsWhileStopped;
        var lastProgress = 0.0;
        var cpuAtEnd = cpuAtResume;
        while (rows < backlog)
        {
            var now = Stopwatch.GetElapsedTime(resumedAt).TotalSeconds;
            if (now - lastProgress > 30 || now > 600)
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
            var counted = await CountAsync(database, firstSeq, lastSeq, cancellationToken);
            var at = Stopwatch.GetElapsedTime(resumedAt).TotalSeconds;
            if (counted != rows)
            {
                rows = counted;
                lastProgress = at;
                // The drain's CPU ends with its last row, not with the 30 s wait for rows that never come.
                cpuAtEnd = context.Cpu.Take();
            }

            samples.Add((at, counted));
        }

        var (total, distinct) = await CountDistinctAsync(database, firstSeq, lastSeq, cancellationToken);
        var drainSeconds = Math.Max(lastProgress, 1e-3);
        var overall = (rows - rowsWhileStopped) / drainSeconds;
        // Rows in each whole second after SIGCONT (interpolated between samples); the first includes waking up.
        var perSecond = new List<double>();
        for (var second = 1; second <= (int)Math.Floor(drainSeconds); second++)
        {
            perSecond.Add(RowsAt(samples, second) - RowsAt(samples, second - 1));
        }

        var medianFullSecond = Summary.Median(perSecond);
        var usage = CpuMeter.Between(cpuAtResume, cpuAtEnd);
        var thousands = Math.Max(rows - rowsWhileStopped, 1) / 1000.0;
        var archivePathSeconds = usage.Sum(["archiver", "rabbitmq", "postgres"]);
        var cpuPer1k = new JsonObject
        {
            ["archiver"] = Summary.Round(usage.Of("archiver") / thousands, 4),
            ["rabbitmq"] = Summary.Round(usage.Of("rabbitmq") / thousands, 4),
            ["postgres"] = Summary.Round(usage.Of("postgres") / thousands, 4),
            ["archiverRabbitmqPostgres"] = Summary.Round(archivePathSeconds / thousands, 4),
        };
        var cpuByRole = CpuByRole(usage);
        var json = new JsonObject
        {
            ["mode"] = "drain after pause",
            ["injectedPerSecond"] = Summary.Round(backlog / injectSeconds, 0),
            ["archiverStoppedSeconds"] = Summary.Round(stoppedFor.TotalSeconds, 2),
            ["archivedWhileStopped"] = rowsWhileStopped,
            ["injected"] = backlog,
            ["archivedRows"] = distinct,
            ["duplicateRows"] = total - distinct,
            ["missingRows"] = backlog - distinct,
            ["drainSeconds"] = Summary.Round(drainSeconds, 2),
            ["archiveMessagesPerSecond"] = Summary.Round(overall, 0),
            // A drain shorter than a second has no full second: null, not NaN (which JSON cannot hold).
            ["archiveMessagesPerSecondMedianFullSecond"] = double.IsFinite(medianFullSecond) ? Summary.Round(medianFullSecond, 0) : null,
            ["archiveMessagesPerFullSecond"] = new JsonArray([.. perSecond.Select(rate => (JsonNode?)JsonValue.Create(Summary.Round(rate, 0)))]),
            ["inputLimited"] = false,
            ["cpuSecondsPer1kDuringDrain"] = cpuPer1k,
            ["cpuSecondsByRoleDuringDrain"] = cpuByRole,
        };
        context.Log($"archive: drain after pause: {distinct}/{backlog} rows in {drainSeconds:F2} s = {overall:F0} msg/s (median of full seconds {medianFullSecond:F0}); archiver + RabbitMQ + PostgreSQL {cpuPer1k["archiverRabbitmqPostgres"]} CPU s per 1,000");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Capacity, drain after pause: the archiver (pid {archiverPid}) was stopped (SIGSTOP) for {stoppedFor.TotalSeconds:F1} s while {backlog:N0} messages were written straight into the log at {backlog / injectSeconds:F0}/s ({rowsWhileStopped:N0} archived meanwhile); after SIGCONT {distinct:N0} of {backlog:N0} were rows in {drainSeconds:F2} s: **{overall:F0} msg/s** overall, {(perSecond.Count > 0 ? $"median of the full seconds {medianFullSecond:F0} msg/s (per second: {string.Join(", ", perSecond.Select(rate => rate.ToString("F0", CultureInfo.InvariantCulture)))})" : "no full second")}; duplicate rows {total - distinct}, missing {backlog - distinct}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- CPU seconds per 1,000 messages during the drain: archiver {cpuPer1k["archiver"]}, RabbitMQ {cpuPer1k["rabbitmq"]}, PostgreSQL {cpuPer1k["postgres"]}, together {cpuPer1k["archiverRabbitmqPostgres"]}; by process: `{cpuByRole.ToJsonString()}`.");
        return (json, md.ToString());
    }

    /// <summary>
    /// The backlog written while the archiver runs (<c>--pause false</c>). If the archiver keeps up with the
    /// injection, the figure is only a lower bound (input-limited); if a backlog is left when the injection ends, its
    /// drain rate is the capacity.
    /// </summary>
    private async Task<(JsonObject Json, string Markdown)> DrainWhileInjectingAsync(NpgsqlDataSource database, string natsUrl, int backlog, CancellationToken cancellationToken)
    {
        context.Log($"archive: injecting {backlog} messages straight into the log…");
        var rowsAtStart = 0L;
        var cpuAtStart = context.Cpu.Take();
        var (firstSeq, lastSeq, injectSeconds) = await InjectAsync(natsUrl, backlog, cancellationToken);
        var rowsAtInjectEnd = await CountAsync(database, firstSeq, lastSeq, cancellationToken);
        context.Log($"archive: injected seq {firstSeq}..{lastSeq} in {injectSeconds:F1} s ({backlog / injectSeconds:F0}/s); {rowsAtInjectEnd} archived by then; counting rows…");
        var drainClock = Stopwatch.StartNew();
        long rows = rowsAtInjectEnd, lastRows = -1;
        var progressAt = Stopwatch.StartNew();
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
        var cpuByRole = CpuByRole(CpuMeter.Between(cpuAtStart, context.Cpu.Take()));
        var leftAtInjectEnd = backlog - rowsAtInjectEnd;
        var inputLimited = leftAtInjectEnd < backlog / 5;
        var capacity = inputLimited
            ? (rows - rowsAtStart) / (injectSeconds + drainSeconds)
            : (rows - rowsAtInjectEnd) / Math.Max(drainSeconds, 1e-3);
        context.Log($"archive: {rows}/{backlog} rows; {(inputLimited ? "kept up with the injection: capacity at least" : "drain rate of the backlog")} {capacity:F0} msg/s");
        var json = new JsonObject
        {
            ["mode"] = "drain while injecting",
            ["injectedPerSecond"] = Summary.Round(backlog / injectSeconds, 0),
            ["archivedRows"] = rows,
            ["archiveMessagesPerSecond"] = Summary.Round(capacity, 0),
            ["inputLimited"] = inputLimited,
            ["backlogLeftWhenInjectionEnded"] = leftAtInjectEnd,
            ["cpuSecondsByRoleDuringBacklog"] = cpuByRole,
        };
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Capacity, drain while injecting: {backlog:N0} messages written straight into the log at {backlog / injectSeconds:F0}/s; rows archived {rows:N0}; {leftAtInjectEnd:N0} still to archive when the injection ended; archive rate **{(inputLimited ? "≥ " : "")}{capacity:F0} msg/s**{(inputLimited ? " (input-limited: the archiver kept up with the injection)" : " (drain rate of that backlog)")}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- CPU seconds by process while the backlog was written and archived: `{cpuByRole.ToJsonString()}`.");
        return (json, md.ToString());
    }

    private static JsonObject CpuByRole(CpuUsage usage)
    {
        var cpuByRole = new JsonObject();
        foreach (var (role, seconds) in usage.Seconds.OrderByDescending(pair => pair.Value))
        {
            cpuByRole[role] = Summary.Round(seconds, 2);
        }

        cpuByRole["machineBusy"] = Summary.Round(usage.MachineSeconds, 2);
        cpuByRole["machineCapacity"] = Summary.Round(usage.MachineCapacitySeconds, 2);
        return cpuByRole;
    }

    /// <summary>Rows at <paramref name="seconds"/> after the start, linear between the two samples around it.</summary>
    private static double RowsAt(List<(double Seconds, long Rows)> samples, double seconds)
    {
        var after = samples.FindIndex(sample => sample.Seconds >= seconds);
        if (after <= 0)
        {
            return after == 0 ? samples[0].Rows : samples[^1].Rows;
        }

        var (t0, r0) = samples[after - 1];
        var (t1, r1) = samples[after];
        return t1 <= t0 ? r1 : r0 + ((r1 - r0) * (seconds - t0) / (t1 - t0));
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
            var headers = new NatsHeaders();
            var body = LogEntryWriter.Message(new StoredMessage(user, $"backlog message {i} " + new string('x', 70), clientMsgId, DateTimeOffset.UtcNow), headers);
            var ack = await jetStream.PublishAsync(
                NatsSubjects.Room(room),
                body,
                headers: headers,
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

    private static async Task<ulong> LogEndAsync(string natsUrl, CancellationToken cancellationToken)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "ladder-bench" });
        var stream = await new NatsJSContext(nats).GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
        return stream.Info.State.LastSeq;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, ulong first, ulong last, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select count(*) from messages where seq between $1 and $2");
        command.Parameters.AddWithValue((long)first);
        command.Parameters.AddWithValue((long)last);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<(long Rows, long DistinctSeqs)> CountDistinctAsync(NpgsqlDataSource database, ulong first, ulong last, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select count(*), count(distinct seq) from messages where seq between $1 and $2");
        command.Parameters.AddWithValue((long)first);
        command.Parameters.AddWithValue((long)last);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<(JsonObject Json, List<(double, double)> Curve)> MeasureLagAsync(NpgsqlDataSource database, string natsUrl, int senderCount, double rate, double seconds, CancellationToken cancellationToken)
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

        // Every entry sent from here on is after the log's current end: counting from there, not from the first ack
        // to arrive (acks from two nodes and 100 connections do not arrive in seq order), counts all of them.
        var firstSeq = await LogEndAsync(natsUrl, cancellationToken) + 1;
        var sampling = new List<(long At, long Rows)>();
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                var rows = await CountAsync(database, firstSeq, (ulong)long.MaxValue, CancellationToken.None);
                lock (sampling)
                {
                    sampling.Add((Stopwatch.GetTimestamp(), rows));
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
        if (acks.Length > 0 && acks[0].Seq != firstSeq)
        {
            context.Log($"archive: the first ack is seq {acks[0].Seq}, the log ended at {firstSeq - 1} before sending: something else wrote to the log");
        }

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
