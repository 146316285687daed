using Microsoft.Extensions.Logging;

namespace Ladder.Tests.Infrastructure;

/// <summary>A logger whose <see cref="Logged"/> completes with the first entry written at <paramref name="level"/> or
/// above: a test waits for the event a component logs instead of for time.</summary>
public sealed class SignallingLogger<T>(LogLevel level = LogLevel.Information) : ILogger<T>
{
    private readonly TaskCompletionSource<string> logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Logged => logged.Task;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= level;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            logged.TrySetResult(formatter(state, exception));
        }
    }
}
