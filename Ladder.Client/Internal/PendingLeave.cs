namespace Ladder.Client.Internal;

/// <summary>A leave waiting for its <c>left</c>; several may be in flight for one room (leave, join, leave).</summary>
internal sealed class PendingLeave(string room)
{
    public string Room { get; } = room;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
