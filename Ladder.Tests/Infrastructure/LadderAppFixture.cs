using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ladder.Tests.Infrastructure;

/// <summary>
/// Starts the whole AppHost once (real NATS, Redis, PostgreSQL and RabbitMQ as local processes or containers) on
/// free ports and a data directory of its own, so it can run beside a developer's platform.
/// </summary>
public class LadderAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static readonly string[] ServiceNames = ["chat-1", "chat-2", "archiver", "admin"];

    public DistributedApplication App { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ladder-tests", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Every resource's console output, kept after the run for diagnosis.</summary>
    public string LogFile => Path.Combine(Path.GetTempPath(), "ladder-tests", "logs", Path.GetFileName(DataDirectory) + ".log");

    private IAsyncDisposable? logs;

    /// <summary>
    /// NATS servers of this platform. One keeps the many fixtures of a run light on a small machine; the cluster's
    /// own fixture runs three, the default of <c>dotnet run</c>.
    /// </summary>
    protected virtual int NatsServers => 1;

    /// <summary>A page origin the chat nodes allow besides their own (<c>Chat:AllowedOrigins</c>), for the
    /// cross-origin tests to serve a page from. At index 100: the AppHost sets the nodes' own origins from 0 up, and
    /// an entry at one of those indexes would replace one of them.</summary>
    public string CrossOrigin { get; } = $"http://127.0.0.1:{FreeLoopbackPort()}";

    /// <summary>
    /// The room namespaces every platform of the tests has (the access tests use them; a fixture's own settings come
    /// after and may change them): <c>team:</c> private (a grant to read, a send grant to post), <c>board:</c> open
    /// but posted to by the server only, without presence or typing.
    /// </summary>
    public static readonly string[] AccessNamespaces =
    [
        "--Ladder:Chat:Namespaces:team:Join=Grant",
        "--Ladder:Chat:Namespaces:team:Send=Grant",
        "--Ladder:Chat:Namespaces:board:Send=Server",
        "--Ladder:Chat:Namespaces:board:Presence=false",
        "--Ladder:Chat:Namespaces:board:Typing=false",
    ];

    /// <summary>Where the nodes POST the join hook of <c>hooked:</c> rooms: a port chosen before the platform starts,
    /// on which a test listens as the app's backend (<c>Ladder.Tests.Access.JoinHookBackend</c>). Nothing listens
    /// otherwise, and a <c>hooked:</c> join is then refused with <c>hook_unavailable</c>.</summary>
    public string JoinHookUrl { get; } = $"http://127.0.0.1:{FreeLoopbackPort()}/ladder/join";

    /// <summary>The hook's shared secret, made up per platform (a secret is never in the repository).</summary>
    public string JoinHookSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary><c>hooked:</c>: no grant needed when the app's backend says yes (its join hook), members post unless
    /// the answer says read only.</summary>
    private string[] JoinHookSettings() =>
    [
        "--Ladder:Chat:Namespaces:hooked:Join=Hook",
        $"--Ladder:Chat:Namespaces:hooked:JoinHook={JoinHookUrl}",
        $"--Ladder:Chat:JoinHook:Secret={JoinHookSecret}",
    ];

    /// <summary>Extra AppHost configuration, as <c>--Key=Value</c> arguments (a fixture may lower limits).</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        string[] arguments =
        [
            $"--Ladder:DataDirectory={DataDirectory}",
            "--Ladder:Ports:ChatBase=0",
            $"--Ladder:Nats:Servers={NatsServers}",
            "--Ladder:Ports:Admin=0",
            "--Ladder:Ports:Archiver=0",
            // The tests get their users' tokens from POST /dev/token, which is off unless asked for.
            "--Ladder:Chat:DevTokens=true",
            $"--Ladder:Chat:AllowedOrigins:100={CrossOrigin}",
            .. AccessNamespaces,
            .. JoinHookSettings(),
            .. TlsSettings(),
            .. Settings,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            arguments, (options, _) => options.DisableDashboard = true, timeout.Token);
        // A resource that cannot start fails the fixture in seconds instead of hanging every wait.
        builder.Services.Configure<ResourceNotificationServiceOptions>(options =>
            options.DefaultWaitBehavior = WaitBehavior.StopOnResourceUnavailable);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        WithoutTelemetryExport(builder);
        ConfigureBuilder(builder);

        App = await builder.BuildAsync(timeout.Token);
        logs = ResourceLogFile.Start(App, LogFile);
        await App.StartAsync(timeout.Token);
        foreach (var name in ServiceNames)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    /// <summary>
    /// With the dashboard off nothing listens on the OTLP endpoint the services are given, and their exporters then
    /// hold each stop for 10–17 s, longer than the orchestrator waits: tests that stop a service would fail.
    /// </summary>
    private static void WithoutTelemetryExport(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    /// <summary>The self-signed certificate every chat node of this platform serves HTTPS with (tests pin it).</summary>
    public X509Certificate2 TlsCertificate { get; } = TestCertificate.Create();

    /// <summary>Writes <see cref="TlsCertificate"/> as PEM files and points <c>Ladder:Tls</c> at them.</summary>
    private string[] TlsSettings()
    {
        var directory = Directory.CreateDirectory(Path.Combine(DataDirectory, "tls")).FullName;
        var certificate = Path.Combine(directory, "node.crt");
        var key = Path.Combine(directory, "node.key");
        File.WriteAllText(certificate, TlsCertificate.ExportCertificatePem());
        File.WriteAllText(key, TlsCertificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return [$"--Ladder:Tls:CertificatePath={certificate}", $"--Ladder:Tls:KeyPath={key}"];
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Lets a fixture change the application model before it is built.</summary>
    protected virtual void ConfigureBuilder(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>The base address of a service's HTTP endpoint, e.g. <c>ChatNode(1)</c>.</summary>
    public Uri Endpoint(string resourceName) => App.GetEndpoint(resourceName, "http");

    public Uri ChatNode(int number) => Endpoint($"chat-{number}");

    /// <summary>The base address of a chat node's HTTPS endpoint (<c>Ladder:Tls</c>).</summary>
    public Uri ChatNodeTls(int number) => App.GetEndpoint($"chat-{number}", "https");

    public HttpClient CreateHttpClient(string resourceName) =>
        new() { BaseAddress = Endpoint(resourceName), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Stops a resource (a service, a backing service) and waits until it is down.</summary>
    public async Task StopResourceAsync(string resource, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        Assert.True(result.Success, $"stop {resource}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, cancellationToken);
    }

    /// <summary>Starts a stopped resource again and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string resource, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(result.Success, $"start {resource}: {result.Message}");
        // Right after the command the resource may still show the state its last run ended in: waiting for health
        // with the fixture's stop-on-unavailable behaviour would take that for a failed start.
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, cancellationToken);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, cancellationToken);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await App.StopAsync(timeout.Token);
            await App.DisposeAsync();
        }

        if (logs is not null)
        {
            await logs.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing its files; the directory is under /tmp and unique to this run.
        }
    }
}
