using NATS.Client.Core;

namespace Ladder.ChatNode.Fanout;

/// <summary>What the fan-out loop processes, one at a time, in the order they were queued.</summary>
/// <param name="Feed">The feed it belongs to.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Head">For <see cref="FeedItemKind.Begin"/>: the room's head read after the subscription started.</param>
/// <param name="Live">For <see cref="FeedItemKind.Live"/>: the republished entry.</param>
internal readonly record struct FeedItem(RoomFeed Feed, FeedItemKind Kind, ulong Head = 0, NatsMsg<byte[]> Live = default);
