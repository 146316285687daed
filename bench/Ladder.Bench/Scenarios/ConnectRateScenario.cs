using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Connect rate: new authenticated connections (upgrade with a token, then <c>welcome</c>) at stepped rates; each is
/// dropped after its welcome. Stops at the first step with errors or one the platform cannot keep up with.
/// </summary>
public sealed class ConnectRateScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var rates = options.Ints("rates", "250,500,1000,1500,2000,3000,4000,6000,8000", "250,1000,2000,4000");
        var stepSeconds = options.Double("step", 5, 2);
        var userCount = options.Int("users", 1000, 200);
        var maxInFlight = options.Int("in-flight", 4000, 4000);
        var settings = new JsonObject
        {
            ["ratesPerSecond"] = new JsonArray([.. rates.Select(rate => (JsonNode)rate)]),
            ["stepSeconds"] = stepSeconds, ["users"] = userCount, ["maxInFlight"] = maxInFlight,
        };
        var users = Enumerable.Range(0, userCount).Select(i => $"c{context.RunId}-u{i}").ToArray();
        context.Log($"connect-rate: steps {string.Join(',', rates)}/s of {stepSeconds} s; tokens…");
        var tokens = await context.Tokens.FetchAsync(users, cancellationToken);

        var steps = new JsonArray();
        var best = 0.0;
        string? stopReason = null;
        var chart = new List<(double Rate, double Achieved, double P50, double P99)>();
        foreach (var rate in rates)
        {
            var duration = Math.Min(stepSeconds, 20_000.0 / rate);
            var attempts = (int)(rate * duration);
            var latencies = new double[attempts];
            var ok = 0;
            var errors = 0;
            string? firstError = null;
            var inFlight = 0;
            var pending = new List<Task>(attempts);
            var started = Stopwatch.GetTimestamp();
            long lastDone = started;
            async Task AttemptAsync(int i)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    var connection = await context.Connector.ConnectAsync(context.Nodes[i % context.Nodes.Count], tokens[i % tokens.Length], i, cancellationToken);
                    latencies[i] = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
                    connection.Abort();
                    Interlocked.Increment(ref ok);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    latencies[i] = double.NaN;
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        firstError = exception.GetType().Name + ": " + exception.Message;
                    }
                }
                finally
                {
                    Interlocked.Exchange(ref lastDone, Stopwatch.GetTimestamp());
                    Interlocked.Decrement(ref inFlight);
                }
            }

            var launched = 0;
            var throttled = false;
            while (launched < attempts)
            {
                var due = Math.Min(attempts, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
                while (launched < due)
                {
                    if (Volatile.Read(ref inFlight) >= maxInFlight)
                    {
                        throttled = true;
                        break;
                    }

                    Interlocked.Increment(ref inFlight);
                    pending.Add(AttemptAsync(launched++));
                }

                await Task.Delay(1, cancellationToken);
            }

            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var wall = Stopwatch.GetElapsedTime(started, Interlocked.Read(ref lastDone)).TotalSeconds;
            var achieved = ok / Math.Max(wall, 1e-9);
            var succeeded = latencies.Where(double.IsFinite).ToList();
            var p50 = Summary.Percentile(succeeded, 0.5);
            var p99 = Summary.Percentile(succeeded, 0.99);
            steps.Add(new JsonObject
            {
                ["targetPerSecond"] = rate,
                ["attempts"] = attempts,
                ["ok"] = ok,
                ["errors"] = errors,
                ["firstError"] = firstError,
                ["achievedPerSecond"] = Summary.Round(achieved, 0),
                ["connectP50Ms"] = Summary.Round(p50, 2),
                ["connectP99Ms"] = Summary.Round(p99, 2),
                ["inFlightCapHit"] = throttled,
            });
            chart.Add((rate, achieved, p50, p99));
            context.Log($"connect-rate {rate,5}/s: achieved {achieved:F0}/s, ok {ok}, errors {errors}, p50 {p50:F1} ms, p99 {p99:F1} ms{(firstError is null ? "" : " — " + firstError)}");
            if (errors == 0 && achieved >= 0.9 * rate)
            {
                best = Math.Max(best, achieved);
            }

            if (errors > 0)
            {
                stopReason = $"errors at {rate}/s: {firstError}";
            }
            else if (achieved < 0.9 * rate)
            {
                stopReason = $"could not keep up with {rate}/s (achieved {achieved:F0}/s, p99 {p99:F0} ms)";
            }

            if (stopReason is not null)
            {
                break;
            }

            // Sockets of the step close and sessions end; a short pause keeps that out of the next step.
            await Task.Delay(2000, cancellationToken);
        }

        var results = new JsonObject { ["highestConnectionsPerSecondWithoutErrors"] = Summary.Round(best, 0), ["stopReason"] = stopReason, ["steps"] = steps };
        var md = new StringBuilder();
        md.AppendLine("| target/s | achieved/s | ok | errors | connect p50 ms | connect p99 ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var step in steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {step!["targetPerSecond"]} | {step["achievedPerSecond"]} | {step["ok"]} | {step["errors"]} | {step["connectP50Ms"]} | {step["connectP99Ms"]} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Highest rate sustained without errors: **{best:F0} connections/s**. Stopped: {stopReason ?? "all steps done"}.");
        var svg = SvgChart.Render("connect rate: upgrade + welcome latency", "target connections/s", "ms", [
            new SvgSeries("p50", [.. chart.Select(c => (c.Rate, c.P50))]),
            new SvgSeries("p99", [.. chart.Select(c => (c.Rate, c.P99))]),
        ]);
        return new ScenarioReport("connect-rate", settings, results, md.ToString(), svg);
    }
}
