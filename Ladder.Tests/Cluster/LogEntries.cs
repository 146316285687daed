using System.Text.Json;
using Ladder.Contracts.Log;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.Tests.Cluster;

/// <summary>What the chat log holds for one room, read straight from JetStream.</summary>
internal static class LogEntries
{
    public static async Task<List<(ulong Seq, string ClientMsgId)>> ReadRoomAsync(INatsJSContext jetStream, string room, CancellationToken cancellationToken)
    {
        var consumer = await jetStream.CreateOrderedConsumerAsync(
            NatsSubjects.ChatStream, new NatsJSOrderedConsumerOpts { FilterSubjects = [NatsSubjects.Room(room)] }, cancellationToken);
        var entries = new List<(ulong, string)>();
        while (true)
        {
            var before = entries.Count;
            await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1_000 }, cancellationToken: cancellationToken))
            {
                // nats-server 2.9 ignores the consumer's filter list (a 2.10 feature): filter here.
                if (message.Subject != NatsSubjects.Room(room))
                {
                    continue;
                }

                var stored = JsonSerializer.Deserialize<Ladder.Contracts.Log.StoredMessage>(message.Data, JsonSerializerOptions.Web)!;
                entries.Add((message.Metadata!.Value.Sequence.Stream, stored.ClientMsgId));
            }

            if (entries.Count == before)
            {
                return entries;
            }
        }
    }
}
