namespace Ladder.ChatNode.Transport;

/// <summary>Logs the open-file limits the node runs with, raised at start (<see cref="OpenFileLimit"/>): the ceiling of its connections.</summary>
internal sealed partial class OpenFileLimitReporter(OpenFileLimit limit, ILogger<OpenFileLimitReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (limit.Failure is { } failure)
        {
            LogNotRaised(failure);
        }
        else
        {
            LogLimits(limit.Soft, limit.Hard, limit.SoftBefore);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Open files: soft limit {Soft}, hard limit {Hard} (soft was {SoftBefore})")]
    private partial void LogLimits(ulong soft, ulong hard, ulong softBefore);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open-file limit not raised: {Reason}")]
    private partial void LogNotRaised(string reason);
}
