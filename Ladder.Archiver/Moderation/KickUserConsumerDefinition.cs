using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>Queue <c>moderation-kick-user</c>.</summary>
internal sealed class KickUserConsumerDefinition(IOptions<ModerationOptions> options)
    : ModerationConsumerDefinition<KickUserConsumer>(options, "moderation-kick-user");
