using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.History;

/// <summary>History pages (section <c>Chat</c>, so the keys stay <c>Chat:HistoryDefaultLimit</c> and
/// <c>Chat:HistoryMaxLimit</c>; a namespace's policy may set its own largest page).</summary>
internal sealed record HistoryOptions
{
    public const string Section = "Chat";

    /// <summary>Default and largest <c>limit</c> of a history page (the contract allows at most 200).</summary>
    [Range(1, 200)]
    public int HistoryDefaultLimit { get; init; } = 50;

    [Range(1, 200)]
    public int HistoryMaxLimit { get; init; } = 200;
}
