using Microsoft.Extensions.Options;

namespace Ladder.Admin.Services;

/// <summary>Reads a fresh <see cref="OverviewSnapshot"/> at the refresh interval while a page watches the overview.</summary>
internal sealed partial class OverviewPoller(
    OverviewNotifier notifier,
    NodeStatsReader nodes,
    ArchiveLagReader archive,
    StreamStateReader stream,
    IOptions<AdminOptions> options,
    TimeProvider time,
    ILogger<OverviewPoller> logger) : BackgroundService
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        notifier.FirstSubscribed += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (notifier.HasSubscribers)
                {
                    await notifier.PublishAsync(await ReadAsync(stoppingToken));
                }

                await wake.WaitAsync(options.Value.RefreshInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.FirstSubscribed -= Wake;
        }
    }

    public async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var nodesRead = Guard("Redis (node stats)", () => nodes.ReadAsync(), problems, cancellationToken);
        var archiveRead = Guard("PostgreSQL (archive lag)", () => archive.ReadAsync(timeout.Token), problems, cancellationToken);
        var streamRead = Guard("NATS (stream state)", () => stream.ReadAsync(timeout.Token), problems, cancellationToken);
        await Task.WhenAll(nodesRead, archiveRead, streamRead);
        return new OverviewSnapshot(time.GetUtcNow(), await nodesRead ?? [], await archiveRead, await streamRead, problems);
    }

    /// <summary>One source's read; its failure (down, slow, not created yet) becomes a line in the snapshot, not an error.</summary>
    private async Task<T?> Guard<T>(string source, Func<Task<T>> read, List<string> problems, CancellationToken stoppingToken)
    {
        try
        {
            return await read().WaitAsync(ReadTimeout, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogReadFailed(source, exception.Message);
            lock (problems)
            {
                problems.Add($"{source}: {exception.Message}");
            }

            return default;
        }
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Overview: {Source} not read: {Reason}")]
    private partial void LogReadFailed(string source, string reason);
}
