using System.Net;
using System.Text;
using Bunit;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ladder.Tests.Admin.Components;

/// <summary>The problems panel reads the dashboard's telemetry API, links into the dashboard, and says so when it cannot.</summary>
public sealed class ProblemsPanelTests : IAsyncLifetime
{
    private const string Logs = """
        {"data":{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat-1"}}]},
        "scopeLogs":[{"scope":{"name":"x"},"logRecords":[
        {"timeUnixNano":"1706425800123000000","severityNumber":17,"severityText":"Error","body":{"stringValue":"<script>boom</script>"},"traceId":"abc123"},
        {"timeUnixNano":"1706425700000000000","severityNumber":13,"severityText":"Warning","body":{"stringValue":"slow consumer"}}]}]}]},
        "totalCount":2,"returnedCount":2}
        """;

    private const string Traces = """
        {"data":{"resourceSpans":[
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat-1"}}]},"scopeSpans":[{"spans":[
          {"traceId":"t1","spanId":"a","name":"send","startTimeUnixNano":"1000000000","endTimeUnixNano":"1005000000"},
          {"traceId":"t2","spanId":"b","name":"send","startTimeUnixNano":"1000000000","endTimeUnixNano":"1001000000"}]}]},
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"archiver"}}]},"scopeSpans":[{"spans":[
          {"traceId":"t1","spanId":"c","parentSpanId":"a","name":"archive","startTimeUnixNano":"1004000000","endTimeUnixNano":"1090000000"}]}]}]},
        "totalCount":3,"returnedCount":3}
        """;

    private readonly BunitContext context = ConsoleTestContext.Create();

    [Fact]
    public void ShowsWarningsErrorsAndTheSlowestTracesLinkedToTheDashboard()
    {
        var requests = new List<HttpRequestMessage>();
        Use(request =>
        {
            requests.Add(request);
            return Json(request.RequestUri!.AbsolutePath.EndsWith("/logs", StringComparison.Ordinal) ? Logs : Traces);
        }, apiKey: "secret-key");

        var panel = context.Render<ProblemsPanel>();

        panel.WaitForAssertion(() =>
        {
            var problems = panel.FindAll("#telemetry-problems li");
            Assert.Equal(2, problems.Count);
            Assert.Contains("<script>boom</script>", problems[0].TextContent, StringComparison.Ordinal);
            Assert.Empty(panel.FindAll("#telemetry-problems script"));
            Assert.Equal($"{ConsoleTestContext.DashboardUrl}/traces/detail/abc123", problems[0].QuerySelector("a.trace-link")!.GetAttribute("href"));
            var traces = panel.FindAll("#slow-traces li");
            Assert.Equal(2, traces.Count);
            Assert.Contains("90 ms", traces[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("archiver → chat-1", traces[0].TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5));
        Assert.All(requests, request => Assert.Equal("secret-key", request.Headers.GetValues("X-API-Key").Single()));
        Assert.Contains(requests, request => request.RequestUri!.Query.Contains("severity=Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void SaysWhyWhenTheDashboardRefusesTheKey()
    {
        Use(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var panel = context.Render<ProblemsPanel>();
        panel.WaitForAssertion(() => Assert.Contains("Admin:DashboardApiKey", panel.Find("#telemetry-unavailable").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SaysSoWhenNoDashboardAnswers()
    {
        Use(_ => throw new HttpRequestException("Connection refused"));
        var panel = context.Render<ProblemsPanel>();
        panel.WaitForAssertion(() => Assert.Contains("could not be read", panel.Find("#telemetry-unavailable").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public void LeavesOutWhatWasLoggedBeforeThePlatformSettledAndFoldsRepeats()
    {
        // Settled at 1706425750 s: the warning at ...700 is start-up noise; the error at ...800 (twice) is real.
        const string logs = """
            {"data":{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat-2"}}]},
            "scopeLogs":[{"scope":{"name":"x"},"logRecords":[
            {"timeUnixNano":"1706425800000000000","severityText":"Error","body":{"stringValue":"fan-out read failed"},"traceId":"new"},
            {"timeUnixNano":"1706425790000000000","severityText":"Error","body":{"stringValue":"fan-out read failed"},"traceId":"old"},
            {"timeUnixNano":"1706425700000000000","severityText":"Warning","body":{"stringValue":"NATS connection refused"}}]}]}]}}
            """;
        var readiness = new PlatformReadiness(Options.Create(new AdminOptions { InitialPassword = "not-used-here" }), TimeProvider.System);
        readiness.MarkSettled(DateTimeOffset.FromUnixTimeSeconds(1706425750));
        Use(request => Json(request.RequestUri!.AbsolutePath.EndsWith("/logs", StringComparison.Ordinal) ? logs : Traces), readiness: readiness);

        var panel = context.Render<ProblemsPanel>();

        panel.WaitForAssertion(() =>
        {
            var problems = panel.FindAll("#telemetry-problems li");
            var only = Assert.Single(problems);
            Assert.Contains("fan-out read failed", only.TextContent, StringComparison.Ordinal);
            Assert.Equal("×2", only.QuerySelector(".repeat")!.TextContent);
            Assert.EndsWith("/traces/detail/new", only.QuerySelector("a.trace-link")!.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Contains("1 start-up message", panel.Find("#startup-hidden").TextContent, StringComparison.Ordinal);
            Assert.Empty(panel.FindAll("#startup-problems"));
        }, TimeSpan.FromSeconds(5));

        panel.Find("#toggle-startup").Click();
        Assert.Contains("NATS connection refused", panel.Find("#startup-problems li").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsNothingAsAProblemWhileThePlatformIsStarting()
    {
        var readiness = new PlatformReadiness(Options.Create(new AdminOptions { InitialPassword = "not-used-here" }), TimeProvider.System);
        Use(request => Json(request.RequestUri!.AbsolutePath.EndsWith("/logs", StringComparison.Ordinal) ? Logs : Traces), readiness: readiness);

        var panel = context.Render<ProblemsPanel>();

        panel.WaitForAssertion(() =>
        {
            Assert.Contains("still starting", panel.Find("#no-telemetry-problems").TextContent, StringComparison.Ordinal);
            Assert.Contains("2 start-up messages", panel.Find("#startup-hidden").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5));
    }

    private void Use(Func<HttpRequestMessage, HttpResponseMessage> answer, string? apiKey = null, PlatformReadiness? readiness = null)
    {
        var options = Options.Create(new AdminOptions { InitialPassword = "not-used-here", DashboardUrl = ConsoleTestContext.DashboardUrl, DashboardApiKey = apiKey });
        if (readiness is null)
        {
            readiness = new PlatformReadiness(options, TimeProvider.System);
            readiness.MarkSettled(DateTimeOffset.UnixEpoch);
        }

        context.Services.AddSingleton(options);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(readiness);
        context.Services.AddSingleton(new DashboardTelemetry(new HttpClient(new Answering(answer)), options, readiness, TimeProvider.System, NullLogger<DashboardTelemetry>.Instance));
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Stands in for the dashboard's HTTP API (an HTTP boundary, not one of the platform's services).</summary>
    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
