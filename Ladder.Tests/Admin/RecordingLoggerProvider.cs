using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ladder.Tests.Admin;

/// <summary>Keeps every entry written through it (one logger for every category, entries tagged with the level), so a
/// test can wait for one and check what else was (not) logged.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => this;

    /// <summary>Polls until an entry matches; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<(LogLevel Level, string Message), bool> match, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!entries.Any(match))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} was not logged in time; logged: {string.Join(" | ", entries.Select(entry => entry.Message))}");
            }

            await Task.Delay(50); // poll interval, under the deadline above
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")));

    public void Dispose()
    {
    }
}
