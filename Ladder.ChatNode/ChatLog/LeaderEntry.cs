using NATS.Client.Core;

namespace Ladder.ChatNode.ChatLog;

/// <summary>One log entry as the stream leader answered it (<see cref="ChatLogReader.NextFromLeaderAsync"/>).</summary>
internal sealed record LeaderEntry(ulong Seq, string Subject, NatsHeaders? Headers, byte[] Data);
