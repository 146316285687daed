using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.ChatLog;

/// <summary>Limits of the JetStream stream that is the chat log (section <c>Chat:Log</c>).</summary>
internal sealed record ChatLogOptions
{
    public const string Section = "Chat:Log";

    /// <summary>How long the log keeps a message; older ones are only in the archive.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Messages kept per room; older ones are only in the archive.</summary>
    [Range(1, long.MaxValue)]
    public long MaxMessagesPerRoom { get; init; } = 100_000;

    /// <summary>JetStream's publish dedupe window: the protocol promises at least 2 minutes.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Servers holding each entry; an ack means a majority of them stored it. The AppHost sets min(3, NATS servers).
    /// Raising it on an existing stream is a stream update JetStream performs in place once the cluster has the peers.
    /// </summary>
    [Range(1, 5)]
    public int Replicas { get; init; } = 1;

    /// <summary>The longest a send waits for the log's ack before it answers <c>internal</c> (nothing stored).</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One attempt within <see cref="PublishTimeout"/>. A stream leader that died takes its unanswered requests with it;
    /// a fresh attempt (same <c>Nats-Msg-Id</c>, so never stored twice) reaches the leader elected meanwhile, so a
    /// send caught by an election waits about as long as the election instead of the whole timeout.
    /// </summary>
    public TimeSpan PublishAttemptTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
