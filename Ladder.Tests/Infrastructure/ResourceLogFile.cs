using Microsoft.Extensions.DependencyInjection;

namespace Ladder.Tests.Infrastructure;

/// <summary>Copies every resource's console output into one file, each line prefixed with the resource name.</summary>
public sealed class ResourceLogFile : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task copying;

    private ResourceLogFile(DistributedApplication app, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        copying = Task.Run(() => CopyAsync(app, path, stop.Token));
    }

    public static IAsyncDisposable Start(DistributedApplication app, string path) => new ResourceLogFile(app, path);

    private static async Task CopyAsync(DistributedApplication app, string path, CancellationToken cancellationToken)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await using var writer = new StreamWriter(path, append: false) { AutoFlush = true };
        var gate = new SemaphoreSlim(1);
        var watched = new HashSet<string>();
        var copies = new List<Task>();
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                var name = update.ResourceId;
                if (!watched.Add(name))
                {
                    continue;
                }

                copies.Add(Task.Run(async () =>
                {
                    await foreach (var batch in loggers.WatchAsync(name).WithCancellation(cancellationToken))
                    {
                        await gate.WaitAsync(cancellationToken);
                        try
                        {
                            foreach (var line in batch)
                            {
                                await writer.WriteLineAsync($"[{name}] {line.Content}");
                            }
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }
                }, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // The platform stopped.
        }

        try
        {
            await Task.WhenAll(copies);
        }
        catch (OperationCanceledException)
        {
            // Expected at stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await copying.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Leave the copy behind; the file is complete enough.
        }
    }
}
