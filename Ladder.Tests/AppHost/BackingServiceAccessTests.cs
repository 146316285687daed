using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ladder.Tests.Infrastructure;
using NATS.Client.Core;
using StackExchange.Redis;

namespace Ladder.Tests.AppHost;

/// <summary>
/// Another local user must not reach the platform's state: NATS and Redis refuse a client without the platform's
/// credentials and accept one with its connection string, the files that hold passwords are the owner's alone, and
/// nothing the backing services open (Erlang distribution and epmd included) listens beyond loopback.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class BackingServiceAccessTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task NatsRefusesAClientWithoutCredentialsAndAcceptsTheConnectionString()
    {
        var connectionString = (await fixture.App.GetConnectionStringAsync("nats"))!;
        var server = new Uri(connectionString);
        Assert.NotEqual("", server.UserInfo);

        await using (var anonymous = new NatsConnection(NatsOpts.Default with { Url = $"nats://{server.Host}:{server.Port}", MaxReconnectRetry = 0 }))
        {
            var refusal = await Assert.ThrowsAnyAsync<NatsException>(async () => await anonymous.ConnectAsync());
            Assert.Contains("Authorization Violation", refusal.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        await using var platform = new NatsConnection(NatsOpts.Default with { Url = connectionString });
        await platform.PingAsync();
    }

    [Fact]
    public async Task TheServicesNatsClientReadsTheCredentialsOutOfTheUrl()
    {
        var connectionString = (await fixture.App.GetConnectionStringAsync("nats"))!;

        var opts = Ladder.ServiceDefaults.NatsConnectionString.Apply(NatsOpts.Default, connectionString);

        Assert.DoesNotContain("@", opts.Url, StringComparison.Ordinal);
        Assert.Equal("ladder", opts.AuthOpts.Username);
        await using var connection = new NatsConnection(opts);
        await connection.PingAsync();
    }

    [Fact]
    public async Task RedisRefusesAClientWithoutThePasswordAndAcceptsTheConnectionString()
    {
        var connectionString = (await fixture.App.GetConnectionStringAsync("redis"))!;
        var anonymous = ConfigurationOptions.Parse(connectionString);
        Assert.False(string.IsNullOrEmpty(anonymous.Password));
        anonymous.Password = null;
        anonymous.AbortOnConnectFail = true;
        anonymous.ConnectRetry = 0;
        anonymous.ConnectTimeout = 5_000;

        await Assert.ThrowsAnyAsync<RedisException>(async () =>
        {
            await using var refused = await ConnectionMultiplexer.ConnectAsync(anonymous);
            await refused.GetDatabase().PingAsync();
        });

        await using var platform = await ConnectionMultiplexer.ConnectAsync(connectionString);
        await platform.GetDatabase().PingAsync();
    }

    [Theory]
    [InlineData("rabbitmq", "rabbitmq.conf")]
    [InlineData("redis", "redis.conf")]
    [InlineData("nats", "nats.conf")]
    public void ConfigurationIsReadableByItsOwnerOnly(string service, string file)
    {
        // Local processes exist only on Linux (Debian's packages); containers keep their own files.
        if (OperatingSystem.IsWindows() || IsContainer(service))
        {
            return;
        }

        var directory = Path.Combine(fixture.DataDirectory, service);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, file)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    [Fact]
    public void NoBackingServiceListensBeyondLoopback()
    {
        if (IsContainer("rabbitmq"))
        {
            return;
        }

        var listeners = LocalProcessScan.UsingDirectory(fixture.DataDirectory)
            .SelectMany(process => ListeningSockets.Of(process.Pid).Select(endpoint => (process.CommandLine, Endpoint: endpoint)))
            .ToList();

        // The scan must see the daemons the finding was about, or an empty list would pass.
        Assert.Contains(listeners, listener => listener.CommandLine.Contains("epmd", StringComparison.Ordinal));
        Assert.Contains(listeners, listener => listener.CommandLine.Contains("beam.smp", StringComparison.Ordinal)
            && listener.CommandLine.Contains("inet_dist_use_interface", StringComparison.Ordinal));
        foreach (var (commandLine, endpoint) in listeners)
        {
            Assert.True(IPAddress.IsLoopback(endpoint.Address), $"{endpoint} is not loopback: {commandLine}");
        }
    }

    [Theory]
    [InlineData("chat-1")]
    [InlineData("chat-2")]
    [InlineData("archiver")]
    [InlineData("admin")]
    public async Task EveryServiceAnswersLoopbackNamesOnlyAsItsHost(string service)
    {
        var endpoint = fixture.Endpoint(service);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        foreach (var (host, expected) in new[]
        {
            ($"localhost:{endpoint.Port}", HttpStatusCode.OK),
            ($"127.0.0.1:{endpoint.Port}", HttpStatusCode.OK),
            ($"evil.example:{endpoint.Port}", HttpStatusCode.BadRequest),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "/health"));
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{service} with Host {host}: {response.StatusCode}");
        }
    }

    private bool IsContainer(string resource) =>
        fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(candidate => candidate.Name == resource) is ContainerResource;
}
