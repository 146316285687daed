using Ladder.Tests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Net;
using Npgsql;

namespace Ladder.Tests.Archiver;

/// <summary>
/// A platform for the archive tests, with clients of its backing services: JetStream to write the chat log as the chat
/// nodes do, PostgreSQL to look at the archive, RabbitMQ to look at error queues.
/// </summary>
public sealed class ArchiverAppFixture : LadderAppFixture, IAsyncLifetime
{
    private NatsConnection? nats;
    private NpgsqlDataSource? database;

    public INatsJSContext JetStream { get; private set; } = null!;

    public NpgsqlDataSource Database => database!;

    public string RabbitMqConnectionString { get; private set; } = "";

    /// <summary>
    /// Tests run without a dashboard, yet the services are told to export telemetry to <c>localhost:4317</c>, where nothing
    /// listens: on stop each service then retries its final export for about 10 s, past the time the orchestrator gives a
    /// process to stop. The resource stop/start these tests do needs services that stop promptly, so they export nothing.
    /// </summary>
    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        nats = new NatsConnection(NatsOpts.Default with { Url = (await App.GetConnectionStringAsync("nats"))!, MaxReconnectRetry = -1 });
        JetStream = nats.CreateJetStreamContext();
        database = NpgsqlDataSource.Create((await App.GetConnectionStringAsync("ladder"))!);
        RabbitMqConnectionString = (await App.GetConnectionStringAsync("rabbitmq"))!;
    }

    public new async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        if (nats is not null)
        {
            await nats.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
