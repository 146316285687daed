namespace Ladder.Client.Internal;

/// <summary>A send not yet acknowledged. The same bytes (so the same clientMsgId) are resent after every reconnect.</summary>
internal sealed class OutboxEntry(string room, string clientMsgId, byte[] frame)
{
    public string Room { get; } = room;

    public string ClientMsgId { get; } = clientMsgId;

    public byte[] Frame { get; } = frame;

    /// <summary>Id of the connection it was last written to; 0 when it still has to be written.</summary>
    public long SentOn { get; set; }

    /// <summary>When it was last written, in the client's write order: a refusal names only the clientMsgId, and the
    /// node answers in order, so it belongs to the oldest write still unanswered.</summary>
    public long WriteOrder { get; set; }

    public LinkedListNode<OutboxEntry>? Node { get; set; }

    /// <summary>Transient refusals so far (rate_limited, internal): each retry waits longer.</summary>
    public int Refusals { get; set; }

    public TaskCompletionSource<ulong> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
