using Ladder.Contracts.Wire;

namespace Ladder.Client.Internal;

/// <summary>A history request; answers carry no id, so they are matched to requests of the same room in order.</summary>
internal sealed class PendingHistory(string room, byte[] frame)
{
    public string Room { get; } = room;

    public byte[] Frame { get; } = frame;

    public long SentOn { get; set; }

    public TaskCompletionSource<HistoryFrame> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
