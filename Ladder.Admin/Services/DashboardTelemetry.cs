using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ladder.Admin.Services;

/// <summary>
/// Reads recent warnings and errors and the slowest recent traces from the Aspire dashboard's telemetry HTTP API
/// (<c>/api/telemetry/logs</c> and <c>/api/telemetry/traces</c>, OTLP JSON, key in the <c>X-API-Key</c> header when
/// the dashboard runs with <c>Dashboard:Api:AuthMode=ApiKey</c>). A dashboard that is absent, down or refuses the key
/// yields a report saying so; it never throws to the page.
/// </summary>
internal sealed partial class DashboardTelemetry(
    HttpClient http,
    IOptions<AdminOptions> options,
    PlatformReadiness readiness,
    TimeProvider time,
    ILogger<DashboardTelemetry> logger)
{
    public const int ProblemCount = 20;

    /// <summary>Log records read per refresh: enough that, with repeats folded and start-up noise set aside, the panel
    /// still has <see cref="ProblemCount"/> distinct problems to list.</summary>
    public const int RecordCount = 200;
    public const int TraceCount = 5;

    public async Task<TelemetryReport> ReadAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (!admin.DashboardEnabled)
        {
            return TelemetryReport.NotRead("this platform runs without an Aspire dashboard (Admin:DashboardEnabled is false).");
        }

        var api = (admin.DashboardApiUrl ?? admin.DashboardUrl).TrimEnd('/');
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(admin.DashboardTimeout);
            using var logs = await GetAsync($"{api}/api/telemetry/logs?severity=Warning&limit={RecordCount}", admin.DashboardApiKey, timeout.Token);
            using var traces = await GetAsync($"{api}/api/telemetry/traces?limit=100", admin.DashboardApiKey, timeout.Token);
            var settledAt = readiness.SettledAt;
            var records = Records(logs.RootElement);
            // Before the platform settled everything is start-up noise (services retrying what is not up yet).
            return new TelemetryReport(
                time.GetUtcNow(),
                Fold(records.Where(record => settledAt is { } at && record.At >= at)),
                SlowTraces(traces.RootElement),
                null,
                Fold(records.Where(record => settledAt is not { } at || record.At < at)),
                settledAt);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException or DashboardRefusedException
            && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(api, exception.Message);
            return TelemetryReport.NotRead(exception is DashboardRefusedException
                ? exception.Message
                : $"The Aspire dashboard's telemetry API at {api} could not be read ({exception.Message}).");
        }
    }

    private async Task<JsonDocument> GetAsync(string url, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new DashboardRefusedException($"The Aspire dashboard refused the console ({(int)response.StatusCode}): set Admin:DashboardApiKey to its Dashboard:Api:PrimaryApiKey.");
        }

        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            // An older dashboard answers its own UI (HTML) for an unknown path.
            throw new DashboardRefusedException($"The Aspire dashboard at {url} has no telemetry API ({(int)response.StatusCode}, {response.Content.Headers.ContentType?.MediaType ?? "no content"}).");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    /// <summary>The newest warnings and errors first, repeats folded, from the OTLP JSON <c>resourceLogs</c>.</summary>
    internal static IReadOnlyList<TelemetryProblem> Problems(JsonElement root) => Fold(Records(root));

    /// <summary>One problem per service, severity and message, at its newest (with that record's trace), newest first.</summary>
    internal static IReadOnlyList<TelemetryProblem> Fold(IEnumerable<TelemetryProblem> records) =>
    [
        .. records
            .GroupBy(record => (record.Resource, record.Severity, record.Message))
            .Select(group => group.MaxBy(record => record.At)! with { Count = group.Count() })
            .OrderByDescending(problem => problem.At)
            .Take(ProblemCount),
    ];

    private static List<TelemetryProblem> Records(JsonElement root)
    {
        var problems = new List<TelemetryProblem>();
        foreach (var resource in Array(Data(root), "resourceLogs"))
        {
            var service = ServiceName(resource);
            foreach (var scope in Array(resource, "scopeLogs"))
            {
                foreach (var record in Array(scope, "logRecords"))
                {
                    problems.Add(new TelemetryProblem(
                        FromUnixNano(Text(record, "timeUnixNano")),
                        service,
                        Text(record, "severityText") is { Length: > 0 } severity ? severity : "Warning",
                        record.TryGetProperty("body", out var body) ? Text(body, "stringValue") : "",
                        Text(record, "traceId") is { Length: > 0 } traceId ? traceId : null));
                }
            }
        }

        return problems;
    }

    /// <summary>The slowest traces end to end (first span's start to last span's end), from <c>resourceSpans</c>.</summary>
    internal static IReadOnlyList<SlowTrace> SlowTraces(JsonElement root)
    {
        var spans = new List<(string TraceId, string Name, bool Root, DateTimeOffset Start, DateTimeOffset End, string Resource)>();
        foreach (var resource in Array(Data(root), "resourceSpans"))
        {
            var service = ServiceName(resource);
            foreach (var scope in Array(resource, "scopeSpans"))
            {
                foreach (var span in Array(scope, "spans"))
                {
                    spans.Add((
                        Text(span, "traceId"),
                        Text(span, "name"),
                        Text(span, "parentSpanId").Length == 0,
                        FromUnixNano(Text(span, "startTimeUnixNano")),
                        FromUnixNano(Text(span, "endTimeUnixNano")),
                        service));
                }
            }
        }

        return
        [
            .. spans.Where(span => span.TraceId.Length > 0).GroupBy(span => span.TraceId, StringComparer.Ordinal)
                .Select(trace =>
                {
                    var start = trace.Min(span => span.Start);
                    var root = trace.Where(span => span.Root).OrderBy(span => span.Start).Select(span => span.Name).FirstOrDefault()
                        ?? trace.OrderBy(span => span.Start).First().Name;
                    return new SlowTrace(trace.Key, root, trace.Max(span => span.End) - start, start,
                        [.. trace.Select(span => span.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
                })
                .OrderByDescending(trace => trace.Duration)
                .Take(TraceCount),
        ];
    }

    private static JsonElement Data(JsonElement root) => root.TryGetProperty("data", out var data) ? data : root;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.ToString()
            : "";

    private static string ServiceName(JsonElement resource)
    {
        if (resource.TryGetProperty("resource", out var description))
        {
            foreach (var attribute in Array(description, "attributes"))
            {
                if (Text(attribute, "key") == "service.name" && attribute.TryGetProperty("value", out var value))
                {
                    return Text(value, "stringValue");
                }
            }
        }

        return "";
    }

    private static DateTimeOffset FromUnixNano(string nanos) =>
        long.TryParse(nanos, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? DateTimeOffset.UnixEpoch.AddTicks(value / 100)
            : DateTimeOffset.MinValue;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dashboard telemetry at {Api} not read: {Reason}")]
    private partial void LogUnavailable(string api, string reason);
}
