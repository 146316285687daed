using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.Archiver.Storage;

/// <summary>
/// Measures archive lag (chat log last seq − highest contiguous archived seq) at a fixed interval, exports it as a gauge
/// and records it in <see cref="ArchiveTables.Progress"/>, where the admin console reads it.
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
                if (archived < state.LastSeq && await NextInStreamAsync(stream, archived + 1, stoppingToken) is var next && next > archived + 1)
                {
                    // The first missing entry is no longer in the stream: it will never arrive, so stop waiting for it.
                    var to = Math.Min(next - 1, state.LastSeq);
                    LogDropped(archived + 1, to);
                    metrics.Dropped(to - archived);
                    await progress.SkipDroppedAsync(NatsSubjects.ChatStream, archived + 1, to, stoppingToken);
                    archived = await progress.AdvanceAsync(NatsSubjects.ChatStream, state.FirstSeq, state.LastSeq, stoppingToken);
                }

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

    /// <summary>The seq of the first entry the stream still holds at or after <paramref name="seq"/>; ulong.MaxValue if none.</summary>
    private static async Task<ulong> NextInStreamAsync(INatsJSStream stream, ulong seq, CancellationToken cancellationToken)
    {
        try
        {
            var found = await stream.GetAsync(new StreamMsgGetRequest { Seq = seq, NextBySubj = NatsSubjects.AllRooms }, cancellationToken);
            return found.Message.Seq;
        }
        catch (NatsJSApiException exception) when (exception.Error.Code == 404)
        {
            return ulong.MaxValue;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat log entries {From}..{To} left the stream before they were archived; recorded as a dead letter")]
    private partial void LogDropped(ulong from, ulong to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archive lag not measured ({ExceptionType}): {Reason}")]
    private partial void LogMeasureFailed(string exceptionType, string reason);
}
