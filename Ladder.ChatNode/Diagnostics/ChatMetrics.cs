using System.Diagnostics.Metrics;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>The chat node's OpenTelemetry meters.</summary>
internal sealed class ChatMetrics
{
    private readonly UpDownCounter<long> connections;
    private readonly Counter<long> published;
    private readonly Counter<long> delivered;
    private readonly Counter<long> replayed;
    private readonly Counter<long> slowConsumers;
    private readonly Counter<long> refused;
    private readonly Histogram<double> latency;
    private readonly Counter<long> received;
    private readonly Counter<long> gapEntries;
    private long activeConnections;
    private long publishedCount;
    private long deliveredCount;
    private long receivedCount;
    private long gapEntryCount;
    private long slowConsumerCount;
    private long refusedCount;
    private readonly LatencyWindow latencyWindow = new();

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ChatTelemetry.Name);
        connections = meter.CreateUpDownCounter<long>("ladder.connections.active", "{connection}", "Open client connections");
        published = meter.CreateCounter<long>("ladder.messages.published", "{message}", "Messages stored in the log by this node");
        delivered = meter.CreateCounter<long>("ladder.frames.delivered", "{frame}", "Live frames queued to local members");
        replayed = meter.CreateCounter<long>("ladder.messages.replayed", "{message}", "Log entries sent by resumes");
        slowConsumers = meter.CreateCounter<long>("ladder.slow_consumer.closes", "{connection}", "Connections closed with 4008");
        refused = meter.CreateCounter<long>("ladder.frames.refused", "{frame}", "Client frames answered with an error");
        latency = meter.CreateHistogram<double>("ladder.delivery.latency", "ms", "From the publisher's timestamp to the fan-out");
        received = meter.CreateCounter<long>("ladder.fanout.entries_received", "{entry}", "Live log entries this node received (only its followed rooms')");
        gapEntries = meter.CreateCounter<long>("ladder.fanout.gap_entries", "{entry}", "Log entries read from the log to fill a gap in a room's live entries");
        RoomCount = () => 0;
        meter.CreateObservableGauge("ladder.rooms.active", () => RoomCount(), "{room}", "Rooms with a local member");
    }

    public Func<int> RoomCount { get; set; }

    public long ActiveConnections => Interlocked.Read(ref activeConnections);

    public void ConnectionOpened(string transport)
    {
        Interlocked.Increment(ref activeConnections);
        connections.Add(1, new KeyValuePair<string, object?>("transport", transport));
    }

    public void ConnectionClosed(string transport)
    {
        Interlocked.Decrement(ref activeConnections);
        connections.Add(-1, new KeyValuePair<string, object?>("transport", transport));
    }

    public long Published => Interlocked.Read(ref publishedCount);

    public void MessagePublished()
    {
        Interlocked.Increment(ref publishedCount);
        published.Add(1);
    }

    /// <summary>Live frames queued to local members since the node started.</summary>
    public long Delivered => Interlocked.Read(ref deliveredCount);

    public void FramesDelivered(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref deliveredCount, count);
            delivered.Add(count);
        }
    }

    /// <summary>Live log entries received since the node started: what follows the node's own rooms' traffic.</summary>
    public long EntriesReceived => Interlocked.Read(ref receivedCount);

    public void EntryReceived()
    {
        Interlocked.Increment(ref receivedCount);
        received.Add(1);
    }

    /// <summary>Entries read from the log to fill gaps since the node started.</summary>
    public long GapEntries => Interlocked.Read(ref gapEntryCount);

    public void GapEntryRead()
    {
        Interlocked.Increment(ref gapEntryCount);
        gapEntries.Add(1);
    }

    public void Replayed(ulong count) => replayed.Add((long)count);

    /// <summary>Connections closed as slow consumers since the node started.</summary>
    public long SlowConsumerCloses => Interlocked.Read(ref slowConsumerCount);

    public void SlowConsumerClosed()
    {
        Interlocked.Increment(ref slowConsumerCount);
        slowConsumers.Add(1);
    }

    /// <summary>Client frames answered with an error since the node started.</summary>
    public long RefusedFrames => Interlocked.Read(ref refusedCount);

    public void Refused(string code)
    {
        Interlocked.Increment(ref refusedCount);
        refused.Add(1, new KeyValuePair<string, object?>("code", code));
    }

    public void DeliveryLatency(double milliseconds)
    {
        latency.Record(milliseconds);
        latencyWindow.Record(milliseconds);
    }

    /// <summary>The p50 and p99 delivery latency (ms) since the last call, for the stats the node publishes; zeros
    /// when nothing was delivered.</summary>
    public (double P50, double P99) TakeLatencyPercentiles() => latencyWindow.Take();
}
