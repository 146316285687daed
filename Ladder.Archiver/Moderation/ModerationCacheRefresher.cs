using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// Rewrites every ban, mute and room closure in force from PostgreSQL into Redis at start and then periodically: Redis
/// runs without persistence, and a restart must not quietly lift a ban.
/// </summary>
internal sealed partial class ModerationCacheRefresher(
    ModerationStore store,
    ModerationCache cache,
    IOptions<ModerationOptions> options,
    ILogger<ModerationCacheRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CacheRefreshInterval);
        do
        {
            try
            {
                var sanctions = await store.ReadActiveAsync(stoppingToken);
                foreach (var sanction in sanctions)
                {
                    await cache.WriteAsync(sanction);
                }

                LogRefreshed(sanctions.Count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Redis or PostgreSQL down: the cache keeps what it has and the next tick tries again.
                LogRefreshFailed(exception.GetType().Name, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Moderation cache refreshed: {Count} sanctions in force")]
    private partial void LogRefreshed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation cache not refreshed ({ExceptionType}): {Reason}")]
    private partial void LogRefreshFailed(string exceptionType, string reason);
}
