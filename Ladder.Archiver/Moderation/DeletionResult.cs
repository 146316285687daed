namespace Ladder.Archiver.Moderation;

/// <summary>A deletion in the chat log: who wrote the removed message, and where its tombstone is.</summary>
internal sealed record DeletionResult(string Sender, ulong TombstoneSeq);
