namespace Ladder.Admin.Services;

/// <summary>A message from the archive; <see cref="Text"/> is null once it was deleted.</summary>
public sealed record ArchivedMessage(ulong Seq, string Sender, string? Text, DateTimeOffset SentAt, bool Deleted);
