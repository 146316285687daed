using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>Queue <c>moderation-ban-user</c>.</summary>
internal sealed class BanUserConsumerDefinition(IOptions<ModerationOptions> options)
    : ModerationConsumerDefinition<BanUserConsumer>(options, "moderation-ban-user");
