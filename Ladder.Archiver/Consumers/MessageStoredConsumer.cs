using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Writes batches of messages into the archive, one round trip per batch. A batch PostgreSQL refuses is split: every
/// message that can be written is, and each one that cannot is sent on to
/// <see cref="IsolatedMessageStoredConsumer"/>, so that one poison message never holds back the others. Only an archiver
/// from before batched relaying publishes single messages: this drains what it left in <c>archive-messages</c>
/// (<see cref="LogEntriesStoredConsumer"/> writes the relay's batches).
/// </summary>
internal sealed partial class MessageStoredConsumer(ArchiveStore store, ArchiveMetrics metrics, ILogger<MessageStoredConsumer> logger)
    : IConsumer<Batch<MessageStored>>
{
    public async Task Consume(ConsumeContext<Batch<MessageStored>> context)
    {
        using var activity = MessageTrace.StartBatch("archive write", context.Message);
        var messages = context.Message.Select(item => item.Message).ToArray();
        try
        {
            metrics.Written(await store.WriteMessagesAsync(messages, context.CancellationToken));
        }
        catch (Exception exception) when (DatabaseErrors.IsRefusedData(exception))
        {
            LogBatchRefused(messages.Length, exception.Message);
            foreach (var item in context.Message)
            {
                await WriteAloneAsync(context, item);
            }
        }
    }

    private async Task WriteAloneAsync(ConsumeContext context, ConsumeContext<MessageStored> item)
    {
        var message = item.Message;
        using var activity = MessageTrace.StartFor("archive write one", item);
        try
        {
            metrics.Written(await store.WriteMessagesAsync([message], context.CancellationToken));
        }
        catch (Exception exception) when (DatabaseErrors.IsRefusedData(exception))
        {
            LogMessageIsolated(message.Room, message.Seq, exception.Message);
            var isolated = await context.GetSendEndpoint(IsolatedMessageStoredConsumerDefinition.Address);
            await isolated.Send(message, context.CancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused a batch of {Count} messages ({Reason}); writing them one by one")]
    private partial void LogBatchRefused(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Room}/{Seq} refused by PostgreSQL ({Reason}); isolated")]
    private partial void LogMessageIsolated(string room, ulong seq, string reason);
}
