using Ladder.Archiver.Storage;
using Ladder.Contracts.Bus;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using StreamEntry = NATS.Client.JetStream.Models.StoredMessage;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// Deletes a message from the chat log in three idempotent steps, so that a retry after any failure completes the job:
/// <list type="number">
/// <item>the message is archived (idempotently) first, so the archive keeps a contiguous position even when the relay had
/// not reached it yet;</item>
/// <item>a tombstone is appended to the room's subject (deduplicated by <c>Nats-Msg-Id: delete:&lt;room&gt;:&lt;seq&gt;</c>):
/// live members and replays get <c>deleted</c>, and the relay marks the archived row deleted;</item>
/// <item>the original entry is erased from the stream, so no replay can carry its text again.</item>
/// </list>
/// </summary>
internal sealed partial class ChatLogModerator(
    INatsJSContext jetStream,
    ArchiveStore archive,
    ModerationStore moderation,
    IOptions<ModerationOptions> options,
    ILogger<ChatLogModerator> logger)
{
    // JetStream's "no message found" (a seq never stored, or already erased); a delete answers it as "sequence not found".
    private const int NoMessageFound = 10037;
    private const int SequenceNotFound = 10057;

    public async Task<DeletionResult> DeleteAsync(string room, ulong seq, string moderator, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.LogTimeout);
        var stream = await jetStream.GetStreamAsync(NatsSubjects.ChatStream, cancellationToken: timeout.Token);

        var sender = await ArchiveOriginalAsync(stream, room, seq, timeout.Token)
            ?? await moderation.FindArchivedSenderAsync(room, seq, timeout.Token)
            ?? throw new ModerationRefusedException($"room {room} has no message {seq}");

        var headers = new NatsHeaders();
        var body = LogEntryWriter.Tombstone(new StoredTombstone(seq, moderator, reason, at), headers);
        var ack = await jetStream.PublishAsync(
            NatsSubjects.Room(room),
            body,
            headers: headers,
            opts: new NatsJSPubOpts { MsgId = NatsSubjects.TombstoneId(room, seq) },
            cancellationToken: timeout.Token);
        if (ack.Error is { } error)
        {
            throw new InvalidOperationException($"the chat log refused the tombstone: {error.Description}");
        }

        try
        {
            await stream.DeleteMessageAsync(new StreamMsgDeleteRequest { Seq = seq }, timeout.Token);
        }
        catch (NatsJSApiException exception) when (IsMissing(exception))
        {
            // Erased by an earlier attempt of the same command.
        }

        LogDeleted(room, seq, ack.Seq, ack.Duplicate);
        return new DeletionResult(sender, ack.Seq);
    }

    /// <summary>The sender of the stream's entry <paramref name="seq"/>, archived now; null when the stream no longer has it.</summary>
    private async Task<string?> ArchiveOriginalAsync(INatsJSStream stream, string room, ulong seq, CancellationToken cancellationToken)
    {
        StreamEntry? entry;
        try
        {
            entry = (await stream.GetAsync(new StreamMsgGetRequest { Seq = seq }, cancellationToken)).Message;
        }
        catch (NatsJSApiException exception) when (IsMissing(exception))
        {
            return null;
        }

        if (entry is null)
        {
            return null;
        }

        if (entry.Subject != NatsSubjects.Room(room))
        {
            throw new ModerationRefusedException($"entry {seq} belongs to {entry.Subject}, not to room {room}");
        }

        var read = LogEntryReader.ReadStored(entry.Hdrs, entry.Data.Span);
        if (read.Message is not { } message)
        {
            throw new ModerationRefusedException($"entry {seq} of room {room} is not a message: {read.Problem ?? "a tombstone"}");
        }

        await archive.WriteMessagesAsync([new MessageStored(room, seq, message.Sender, message.Text, message.ClientMsgId, message.Ts)], cancellationToken);
        return message.Sender;
    }

    private static bool IsMissing(NatsJSApiException exception) =>
        exception.Error.ErrCode is NoMessageFound or SequenceNotFound
        || exception.Error.Code == 404
        || exception.Error.Description is { } description
            && (description.Contains("not found", StringComparison.OrdinalIgnoreCase) || description.Contains("no message found", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {Seq} of room {Room} deleted: tombstone {TombstoneSeq} (duplicate publish: {Duplicate})")]
    private partial void LogDeleted(string room, ulong seq, ulong tombstoneSeq, bool duplicate);
}
