using System.Collections.Concurrent;
using System.Diagnostics;
using Ladder.Client;

namespace Ladder.Tests.Cluster;

/// <summary>
/// Sends to one room at a steady pace through a <see cref="LadderClient"/> (which resends a refused or unanswered
/// send with the same clientMsgId until it is acknowledged), recording when each send started and was acknowledged.
/// </summary>
internal sealed class SteadySender(LadderClient client, string room, string prefix, TimeSpan interval) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task sending = Task.CompletedTask;

    public sealed record Send(string ClientMsgId, long StartedAt, long AckedAt, ulong Seq);

    public ConcurrentQueue<Send> Acked { get; } = new();

    public void Start() => sending = Task.Run(async () =>
    {
        // The client sends only to rooms it joined.
        await client.JoinAsync(room);
        for (var i = 0; !stopping.IsCancellationRequested; i++)
        {
            var clientMsgId = $"{prefix}-{i}";
            var startedAt = Stopwatch.GetTimestamp();
            // Not cancellable: a send once started is seen through, so every stored entry has its ack.
            var seq = await client.SendAsync(room, $"{prefix} {i}", clientMsgId);
            Acked.Enqueue(new Send(clientMsgId, startedAt, Stopwatch.GetTimestamp(), seq));
            try
            {
                await Task.Delay(interval, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    });

    /// <summary>Waits until at least <paramref name="count"/> sends were acknowledged.</summary>
    public async Task WaitForAcksAsync(int count, CancellationToken cancellationToken)
    {
        while (Acked.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>The first ack of a send started after <paramref name="timestamp"/>, once there is one.</summary>
    public async Task<long> FirstAckOfASendStartedAfterAsync(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Acked.FirstOrDefault(send => send.StartedAt >= timestamp) is { } first)
            {
                return first.AckedAt;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await sending;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
        await client.DisposeAsync();
    }
}
