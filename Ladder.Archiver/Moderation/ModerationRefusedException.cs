namespace Ladder.Archiver.Moderation;

/// <summary>A command that can never be applied (bad name, unknown message): retrying cannot help, so it is not retried.</summary>
internal sealed class ModerationRefusedException(string message) : Exception(message);
