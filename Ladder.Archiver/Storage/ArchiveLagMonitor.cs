using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;

namespace Ladder.Archiver.Storage;

/// <summary>
/// Measures archive lag (chat log last seq − highest contiguous archived seq) at a fixed interval, exports it as a gauge
/// and records it in <see cref="ArchiveSchema.Progress"/>, where the admin console reads it.
/// </summary>
internal sealed partial class ArchiveLagMonitor(
    INatsJSContext jetStream,
    ArchiveProgressStore progress,
    ArchiveMetrics metrics,
    IOptions<ArchiveStorageOptions> options,
    ILogger<ArchiveLagMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressInterval);
        do
        {
            try
            {
                var stream = await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: stoppingToken);
                var state = stream.Info.State;
                var archived = await progress.AdvanceAsync(NatsSubjects.ChatStream, state.FirstSeq, state.LastSeq, stoppingToken);
                metrics.Progress(archived, state.LastSeq);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The stream not created yet, NATS or PostgreSQL down: the gauge keeps its last value and the next tick retries.
                LogMeasureFailed(exception.GetType().Name, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archive lag not measured ({ExceptionType}): {Reason}")]
    private partial void LogMeasureFailed(string exceptionType, string reason);
}
