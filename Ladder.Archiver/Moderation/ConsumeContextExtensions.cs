using MassTransit;

namespace Ladder.Archiver.Moderation;

internal static class ConsumeContextExtensions
{
    /// <summary>The command's identity across redeliveries (MassTransit keeps the message id), for the audit row's dedupe.</summary>
    public static Guid CommandId(this ConsumeContext context) => context.MessageId ?? NewId.NextGuid();

    /// <summary>When the moderator acted: the send time, which a redelivery keeps, so a retry does not reorder sanctions.</summary>
    public static DateTimeOffset SentAt(this ConsumeContext context, TimeProvider time) =>
        context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : time.GetUtcNow();
}
