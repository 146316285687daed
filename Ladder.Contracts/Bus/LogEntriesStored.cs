namespace Ladder.Contracts.Bus;

/// <summary>
/// A batch of chat log entries that JetStream stored, relayed by the archiver as one bus message so that they are written
/// to PostgreSQL in one round trip. Each entry is in exactly one list, by kind; a list may be empty. Delivered at least
/// once: consumers must be idempotent on each entry's seq. Entries of a room need not be written in seq order (a tombstone
/// and the message it deletes find each other whichever is written first).
/// </summary>
public sealed record LogEntriesStored(MessageStored[] Messages, TombstoneStored[] Tombstones, LogEntryRejected[] Rejected);
