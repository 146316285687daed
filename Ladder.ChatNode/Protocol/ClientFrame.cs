namespace Ladder.ChatNode.Protocol;

/// <summary>
/// One parsed client frame: the fields of every client frame type, of which each type uses some. A frame that
/// could not be read carries <see cref="Error"/> instead.
/// </summary>
internal sealed record ClientFrame
{
    public string? Type { get; init; }
    public string? Room { get; init; }
    public string? ClientMsgId { get; init; }
    public string? Text { get; init; }
    public ulong? LastKnownId { get; init; }
    public ulong? Before { get; init; }
    public int? Limit { get; init; }
    public IReadOnlyList<KeyValuePair<string, ulong>>? Resume { get; init; }
    /// <summary>A grant token (v1.1) of a <c>join</c> or a <c>history</c>.</summary>
    public string? Grant { get; init; }
    /// <summary>The new token (v1.1) of a <c>refresh</c>.</summary>
    public string? Token { get; init; }
    /// <summary>Grant tokens (v1.1) of a <c>hello</c>.</summary>
    public IReadOnlyList<string>? Grants { get; init; }
    public FrameError? Error { get; init; }

    /// <summary>What an <c>error</c> frame's <c>ref</c> names: the clientMsgId when there was one, else the type.</summary>
    public string? Ref => ClientMsgId ?? Type;
}
