using System.ComponentModel.DataAnnotations;
using Ladder.ChatNode.Access;
using Ladder.Contracts.Names;

namespace Ladder.ChatNode.Configuration;

/// <summary>What a message may be, whichever way it comes in (a client's <c>send</c>, <c>POST /rooms/{room}/messages</c>,
/// the server API), and the room namespaces (section <c>Chat</c>). The node's other limits live with their features,
/// each record bound to this same section, so every key stays <c>Chat:*</c> (the AppHost forwards <c>Ladder:Chat:*</c>).</summary>
internal sealed record ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Longest <c>send.text</c>, in UTF-16 code units.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; init; } = 4096;

    /// <summary>Largest <c>POST /rooms/{room}/messages</c> body read, checked after the token; a larger one is 413
    /// <c>too_large</c>. Unset: what the longest text needs with every character escaped (<c>\uXXXX</c>, 6 bytes per
    /// UTF-16 unit) plus 1 KiB for the rest.</summary>
    [Range(1024, int.MaxValue)]
    public int? MaxMessageBodyBytes { get; init; }

    /// <summary><see cref="MaxMessageBodyBytes"/>, or its default for <see cref="MaxTextLength"/>.</summary>
    public long MessageBodyLimit => MaxMessageBodyBytes ?? (6L * MaxTextLength) + 1024;

    /// <summary>Room namespaces (protocol v1.1) and their policies: <c>Chat:Namespaces:&lt;ns&gt;:Join</c> and so on, see
    /// <see cref="NamespacePolicy"/>. <c>dm</c> needs no entry; rooms of any other namespace not listed are refused.</summary>
    public Dictionary<string, NamespacePolicy> Namespaces { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Namespace names of 1–32 chars of <c>[a-z0-9_-]</c> whose limits are in range: what
    /// <c>ValidateDataAnnotations</c> does not reach inside a dictionary.</summary>
    public bool HasValidNamespaces() => Namespaces.All(entry =>
        entry.Key.Length <= RoomNames.MaxNamespaceLength && RoomNames.IsPlainName(entry.Key)
        && entry.Value.MaxReplay is null or >= 1 and <= 1_000_000
        && entry.Value.HistoryMaxLimit is null or >= 1 and <= 200
        && Enum.IsDefined(entry.Value.Join) && Enum.IsDefined(entry.Value.Send)
        && (entry.Value.Join == JoinRule.Hook) == entry.Value.JoinHook is { IsAbsoluteUri: true, Scheme: "http" or "https" });
}
