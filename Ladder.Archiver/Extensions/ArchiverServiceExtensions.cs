using FluentMigrator.Runner;
using Ladder.Archiver.Consumers;
using Ladder.Archiver.Moderation;
using Ladder.Archiver.Relay;
using Ladder.Archiver.Storage;
using Ladder.Archiver.Storage.Migrations;
using Ladder.Archiver.Telemetry;
using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.Archiver.Extensions;

internal static class ArchiverServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddNpgsqlDataSource("ladder");

        builder.Services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ArchiveWriterOptions>().BindConfiguration(ArchiveWriterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ArchiveStorageOptions>().BindConfiguration(ArchiveStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<ArchiveMetrics>();
        builder.Services.AddSingleton<UnreachableDatabaseRetry>();
        builder.Services.AddSingleton<ArchiveStore>();
        builder.Services.AddSingleton<ArchiveProgressStore>();

        // Hosted services start in registration order: schema first, then the bus (its consumers write), then the relay.
        builder.AddArchiveSchema();
        builder.AddModerationServices();
        builder.AddArchiveBus();
        builder.Services.AddHostedService<ChatLogRelay>();
        builder.Services.AddHostedService<ArchiveLagMonitor>();

        return builder;
    }

    private static void AddArchiveSchema(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("ladder")
            ?? throw new InvalidOperationException("ConnectionStrings:ladder is not set; start the archiver from the AppHost.");
        builder.Services.AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddPostgres()
                .WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(M0001_CreateHistory).Assembly).For.Migrations());
        builder.Services.AddHostedService<SchemaMigrator>();
    }

    private static void AddArchiveBus(this IHostApplicationBuilder builder) =>
        builder.AddLadderBus(bus =>
        {
            bus.AddConsumer<LogEntriesStoredConsumer, LogEntriesStoredConsumerDefinition>();
            // The per-entry queues an archiver before batched relaying filled; kept until they are empty everywhere.
            bus.AddConsumer<MessageStoredConsumer, MessageStoredConsumerDefinition>();
            bus.AddConsumer<IsolatedMessageStoredConsumer, IsolatedMessageStoredConsumerDefinition>();
            bus.AddConsumer<TombstoneStoredConsumer, TombstoneStoredConsumerDefinition>();
            bus.AddConsumer<DeadLetterConsumer, DeadLetterConsumerDefinition>();
            bus.AddModeration();
        });
}
