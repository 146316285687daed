using Ladder.Contracts.Log;
using NATS.Client.JetStream;

namespace Ladder.Admin.Services;

/// <summary>Asks JetStream for the chat log stream's info and its consumers'.</summary>
internal sealed class StreamStateReader(INatsJSContext jetStream)
{
    public async Task<StreamSummary> ReadAsync(CancellationToken cancellationToken)
    {
        var stream = await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
        var consumers = new List<ConsumerSummary>();
        await foreach (var consumer in stream.ListConsumersAsync(cancellationToken))
        {
            var info = consumer.Info;
            consumers.Add(new ConsumerSummary(info.Name, info.NumPending, info.NumAckPending, info.NumRedelivered, info.Delivered?.StreamSeq ?? 0,
                ConsumerRole.Describe(info.Name, info.Config.DurableName, info.Config.Description, Filters(info.Config))));
        }

        var state = stream.Info.State;
        return new StreamSummary(
            NatsSubjects.ChatStream,
            state.Messages,
            state.Bytes,
            state.FirstSeq,
            state.LastSeq,
            state.NumDeleted,
            [.. consumers.OrderBy(consumer => consumer.Role, StringComparer.Ordinal).ThenBy(consumer => consumer.Name, StringComparer.Ordinal)]);
    }

    private static IReadOnlyList<string> Filters(NATS.Client.JetStream.Models.ConsumerConfig config) =>
        config.FilterSubjects is { Count: > 0 } many ? [.. many] : config.FilterSubject is { Length: > 0 } one ? [one] : [];
}
