using System.Diagnostics;
using System.Text.Json;
using Ladder.ChatNode.Diagnostics;
using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ladder.ChatNode.ChatLog;

/// <summary>
/// Appends to the chat log. Returns only after JetStream acknowledged the write (the protocol's durable ack);
/// JetStream's dedupe by <c>Nats-Msg-Id</c> makes a resend return the original seq.
/// </summary>
internal sealed class ChatLogPublisher(INatsJSContext jetStream, ChatMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task<PublishResult> PublishMessageAsync(string room, string user, string clientMsgId, string text, CancellationToken cancellationToken)
    {
        using var activity = ChatTelemetry.Source.StartActivity("chat publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "nats");
        activity?.SetTag("messaging.destination.name", NatsSubjects.Room(room));
        activity?.SetTag("ladder.user", user);

        var body = JsonSerializer.SerializeToUtf8Bytes(new StoredMessage(user, text, clientMsgId, time.GetUtcNow()), LogJsonContext.Default.StoredMessage);
        var headers = new NatsHeaders { [LogHeaders.Kind] = LogEntryKinds.Message };
        if (activity?.Id is { } traceParent)
        {
            headers["traceparent"] = traceParent;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            var ack = await jetStream.PublishAsync(
                NatsSubjects.Room(room),
                body,
                headers: headers,
                opts: new NatsJSPubOpts { MsgId = NatsSubjects.MessageId(room, user, clientMsgId) },
                cancellationToken: timeout.Token);
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
}
