namespace Ladder.ChatNode.Diagnostics;

/// <summary>The body of <c>GET /diagnostics/fanout</c>.</summary>
/// <param name="EntriesReceived">Live log entries received (only followed rooms').</param>
/// <param name="GapEntries">Entries read from the log to fill gaps.</param>
/// <param name="FramesDelivered">Live frames queued to local members.</param>
/// <param name="FollowedRooms">Rooms with a local member now.</param>
/// <param name="CpuMilliseconds">The process's CPU time so far (user + system).</param>
internal sealed record FanoutDiagnostics(long EntriesReceived, long GapEntries, long FramesDelivered, int FollowedRooms, long CpuMilliseconds);
