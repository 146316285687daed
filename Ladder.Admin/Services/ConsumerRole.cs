using Ladder.Contracts.Log;

namespace Ladder.Admin.Services;

/// <summary>
/// Names a consumer of the chat log by what it is, from its config: its description when it has one, the archiver's
/// durable, a chat node's fan-out (an ephemeral consumer of every room), a replay (an ephemeral consumer of one room).
/// JetStream does not say which node opened an ephemeral consumer; the fan-out would have to describe itself.
/// </summary>
public static class ConsumerRole
{
    public static string Describe(string name, string? durableName, string? description, IReadOnlyList<string> filterSubjects)
    {
        if (!string.IsNullOrWhiteSpace(description))
        {
            return description;
        }

        var everyRoom = filterSubjects.Count == 0 || filterSubjects.Contains(NatsSubjects.AllRooms, StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(durableName))
        {
            return name.Contains("archiv", StringComparison.OrdinalIgnoreCase) || everyRoom ? "the archiver" : $"durable {durableName}";
        }

        if (everyRoom)
        {
            return "a chat node's fan-out";
        }

        var rooms = filterSubjects.Select(subject => NatsSubjects.RoomOf(subject) ?? subject);
        return "a replay of " + string.Join(", ", rooms);
    }
}
