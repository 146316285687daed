using System.Diagnostics;
using Ladder.ChatNode.Diagnostics;
using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ladder.ChatNode.ChatLog;

/// <summary>
/// Appends to the chat log. Returns only after JetStream acknowledged the write (the protocol's durable ack);
/// JetStream's dedupe by <c>Nats-Msg-Id</c> makes a resend return the original seq.
/// </summary>
internal sealed class ChatLogPublisher(INatsJSContext jetStream, ChatMetrics metrics, TimeProvider time, IOptions<ChatLogOptions> options)
{
    /// <summary>Between attempts: long enough not to spin on "no responders" while a leader is elected.</summary>
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(100);

    public Task<PublishResult> PublishMessageAsync(string room, string user, string clientMsgId, string text, CancellationToken cancellationToken) =>
        PublishAsync(room, new StoredMessage(user, text, clientMsgId, time.GetUtcNow()), NatsSubjects.MessageId(room, user, clientMsgId), cancellationToken);

    /// <summary>A message of the server API: <paramref name="sender"/> is <c>system</c> or <c>bot:name</c>, kept with its
    /// kind, and deduplicated apart from every user's sends.</summary>
    public Task<PublishResult> PublishServerMessageAsync(string room, string sender, string senderKind, string clientMsgId, string text, CancellationToken cancellationToken) =>
        PublishAsync(room, new StoredMessage(sender, text, clientMsgId, time.GetUtcNow(), senderKind), NatsSubjects.ServerMessageId(room, sender, clientMsgId), cancellationToken);

    private async Task<PublishResult> PublishAsync(string room, StoredMessage message, string messageId, CancellationToken cancellationToken)
    {
        using var activity = ChatTelemetry.Source.StartActivity("chat publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "nats");
        activity?.SetTag("messaging.destination.name", NatsSubjects.Room(room));
        activity?.SetTag("ladder.user", message.Sender);

        var headers = new NatsHeaders();
        var body = LogEntryWriter.Message(message, headers, activity?.Id);

        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.PublishTimeout);
        try
        {
            var ack = await PublishWithRetriesAsync(room, messageId, body, headers, limits.PublishAttemptTimeout, timeout.Token);
            // EnsureSuccess() would throw on a duplicate, which is a success here: the original seq comes back.
            if (ack.Error is { } error)
            {
                throw new LogUnavailableException($"the message log refused the message: {error.Description}");
            }

            activity?.SetTag("ladder.seq", ack.Seq);
            if (!ack.Duplicate)
            {
                metrics.MessagePublished();
            }

            return new PublishResult(ack.Seq, ack.Duplicate);
        }
        catch (Exception exception) when (exception is NatsException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw new LogUnavailableException("the message log is unreachable; nothing was stored", exception);
        }
    }

    /// <summary>Attempts until one is answered or <paramref name="cancellationToken"/> (the whole publish timeout) ends.</summary>
    private async Task<NATS.Client.JetStream.Models.PubAckResponse> PublishWithRetriesAsync(
        string room, string messageId, byte[] body, NatsHeaders headers, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var opts = new NatsJSPubOpts { MsgId = messageId };
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(attemptTimeout);
            try
            {
                return await jetStream.PublishAsync(NatsSubjects.Room(room), body, headers: headers, opts: opts, cancellationToken: attempt.Token);
            }
            catch (Exception exception) when (exception is NatsNoRespondersException or OperationCanceledException or TimeoutException or NatsJSPublishNoResponseException
                && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryWait, time, cancellationToken);
            }
        }
    }
}
