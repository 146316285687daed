using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>Queue <c>moderation-delete-message</c>.</summary>
internal sealed class DeleteMessageConsumerDefinition(IOptions<ModerationOptions> options)
    : ModerationConsumerDefinition<DeleteMessageConsumer>(options, "moderation-delete-message");
