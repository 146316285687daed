using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Ladder.Archiver.Storage;

/// <summary>Waits out a PostgreSQL outage with capped exponential backoff, for as long as the service runs.</summary>
internal sealed partial class UnreachableDatabaseRetry
{
    private readonly ResiliencePipeline pipeline;

    public UnreachableDatabaseRetry(IOptions<ArchiveStorageOptions> options, ILogger<UnreachableDatabaseRetry> logger)
    {
        var limits = options.Value;
        pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DatabaseErrors.IsUnreachable),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = limits.UnreachableFirstDelay,
                MaxDelay = limits.UnreachableMaxDelay,
                OnRetry = arguments =>
                {
                    LogUnreachable(logger, arguments.AttemptNumber + 1, arguments.RetryDelay, arguments.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> action, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(action, cancellationToken);

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(action, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unreachable (attempt {Attempt}), retrying in {Delay}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, int attempt, TimeSpan delay, string? reason);
}
