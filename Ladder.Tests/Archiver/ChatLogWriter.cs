using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ladder.Tests.Archiver;

/// <summary>Writes chat log entries straight to JetStream, in the format the chat nodes use.</summary>
public static class ChatLogWriter
{
    /// <summary>Waits until a chat node has created the stream (the archiver never creates it).</summary>
    public static async Task WaitForStreamAsync(INatsJSContext jetStream, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: cancellationToken);
                return;
            }
            catch (NatsJSApiException)
            {
                await Task.Delay(200, cancellationToken); // poll interval, under the caller's token
            }
        }
    }

    /// <summary>Writes one message; <paramref name="traceParent"/> is the W3C trace context a chat node would add.</summary>
    public static async Task<ulong> PublishMessageAsync(
        INatsJSContext jetStream, string room, string sender, string clientMsgId, string text, CancellationToken cancellationToken, string? traceParent = null)
    {
        var headers = new NatsHeaders();
        var body = LogEntryWriter.Message(new StoredMessage(sender, text, clientMsgId, DateTimeOffset.UtcNow), headers, traceParent);

        var ack = await jetStream.PublishAsync(
            NatsSubjects.Room(room),
            body,
            headers: headers,
            opts: new NatsJSPubOpts { MsgId = NatsSubjects.MessageId(room, sender, clientMsgId) },
            cancellationToken: cancellationToken);
        ack.EnsureSuccess();
        return ack.Seq;
    }

    /// <summary>Posts <paramref name="count"/> messages to a room, some at a time; returns their seqs in order.</summary>
    public static async Task<ulong[]> PublishMessagesAsync(INatsJSContext jetStream, string room, int count, CancellationToken cancellationToken)
    {
        var seqs = new ulong[count];
        const int Concurrency = 50;
        for (var start = 0; start < count; start += Concurrency)
        {
            var chunk = Enumerable.Range(start, Math.Min(Concurrency, count - start))
                .Select(async index => seqs[index] = await PublishMessageAsync(jetStream, room, "bot", $"m-{index}", $"message {index}", cancellationToken));
            await Task.WhenAll(chunk);
        }

        return seqs;
    }

    public static async Task<ulong> PublishTombstoneAsync(
        INatsJSContext jetStream, string room, ulong deletedSeq, string moderator, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders();
        var body = LogEntryWriter.Tombstone(new StoredTombstone(deletedSeq, moderator, "test", DateTimeOffset.UtcNow), headers);
        var ack = await jetStream.PublishAsync(
            NatsSubjects.Room(room),
            body,
            headers: headers,
            cancellationToken: cancellationToken);
        ack.EnsureSuccess();
        return ack.Seq;
    }
}
