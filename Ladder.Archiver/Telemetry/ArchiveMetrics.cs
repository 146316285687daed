using System.Diagnostics.Metrics;

namespace Ladder.Archiver.Telemetry;

/// <summary>The archiver's instruments (meter <c>Ladder.Archiver</c>), exported by the service defaults.</summary>
internal sealed class ArchiveMetrics
{
    public const string MeterName = "Ladder.Archiver";

    private readonly Counter<long> relayed;
    private readonly Counter<long> written;
    private readonly Counter<long> deadLetters;
    private readonly Counter<long> dropped;
    private long lag = -1;
    private long archivedSeq = -1;
    private long streamLastSeq = -1;

    public ArchiveMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        relayed = meter.CreateCounter<long>("ladder.archive.relayed", "{entry}", "Chat log entries published to RabbitMQ and acknowledged to JetStream.");
        written = meter.CreateCounter<long>("ladder.archive.written", "{message}", "Messages newly written to PostgreSQL (duplicates not counted).");
        deadLetters = meter.CreateCounter<long>("ladder.archive.dead_letters", "{entry}", "Log entries that can never be archived.");
        dropped = meter.CreateCounter<long>("ladder.archive.dropped", "{entry}", "Log entries the stream discarded before they were archived.");
        meter.CreateObservableGauge("ladder.archive.lag", () => Observe(ref lag), "{entry}",
            "Chat log last seq minus the highest contiguous archived seq.");
        meter.CreateObservableGauge("ladder.archive.archived_seq", () => Observe(ref archivedSeq), "{seq}",
            "Highest seq up to which every chat log entry is archived.");
        meter.CreateObservableGauge("ladder.archive.stream_last_seq", () => Observe(ref streamLastSeq), "{seq}",
            "Last seq of the chat log stream.");
    }

    public void Relayed(int count) => relayed.Add(count);

    public void Written(int count) => written.Add(count);

    public void DeadLettered(int count = 1)
    {
        if (count > 0)
        {
            deadLetters.Add(count);
        }
    }

    public void Dropped(ulong count) => dropped.Add((long)count);

    public void Progress(ulong archived, ulong last)
    {
        Interlocked.Exchange(ref archivedSeq, (long)archived);
        Interlocked.Exchange(ref streamLastSeq, (long)last);
        Interlocked.Exchange(ref lag, (long)(last - Math.Min(archived, last)));
    }

    // Nothing is reported until the first measurement: a made-up 0 would read as "caught up".
    private static IEnumerable<Measurement<long>> Observe(ref long field)
    {
        var value = Interlocked.Read(ref field);
        return value < 0 ? [] : [new Measurement<long>(value)];
    }
}
