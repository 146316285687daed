namespace Ladder.ChatNode.ChatLog;

/// <summary>What the log answered to a publish: the message's seq, and whether it was stored before.</summary>
internal readonly record struct PublishResult(ulong Seq, bool Duplicate);
