using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>Queue <c>moderation-close-room</c>.</summary>
internal sealed class CloseRoomConsumerDefinition(IOptions<ModerationOptions> options)
    : ModerationConsumerDefinition<CloseRoomConsumer>(options, "moderation-close-room");
