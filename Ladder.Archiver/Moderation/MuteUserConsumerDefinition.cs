using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>Queue <c>moderation-mute-user</c>.</summary>
internal sealed class MuteUserConsumerDefinition(IOptions<ModerationOptions> options)
    : ModerationConsumerDefinition<MuteUserConsumer>(options, "moderation-mute-user");
