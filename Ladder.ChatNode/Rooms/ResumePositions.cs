using System.Text;

namespace Ladder.ChatNode.Rooms;

/// <summary>
/// The SSE resume map <c>general:112,random:7</c>: each room of the stream with the last seq delivered in it. It is
/// what <c>rooms</c> takes and what each <c>message</c> event's id carries, so <c>Last-Event-ID</c> resumes exactly.
/// A namespaced room (v1.1) can hold <c>:</c> and <c>,</c>: in the map they are percent-encoded (<c>%3A</c>, <c>%2C</c>,
/// and <c>%</c> as <c>%25</c>), as <c>encodeURIComponent</c> writes them, so <c>dm%3Aalice%2Cbob:7</c>. v1 names hold
/// none of the three and read as before.
/// </summary>
internal sealed class ResumePositions
{
    private readonly List<(string Room, ulong? Seq)> entries = [];

    public IReadOnlyList<(string Room, ulong? Seq)> Entries => entries;

    /// <summary>Parses <c>room:seq,room:seq</c> (a room without <c>:seq</c> joins at the head). Null when malformed.</summary>
    public static ResumePositions? Parse(string? text, out string? error)
    {
        error = null;
        var positions = new ResumePositions();
        if (string.IsNullOrWhiteSpace(text))
        {
            return positions;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            var room = colon < 0 ? part : part[..colon];
            if (room.Contains('%', StringComparison.Ordinal))
            {
                room = Uri.UnescapeDataString(room);
            }

            ulong? seq = null;
            if (colon >= 0)
            {
                if (!ulong.TryParse(part.AsSpan(colon + 1), out var parsed))
                {
                    error = $"'{part}' is not room:seq";
                    return null;
                }

                seq = parsed;
            }

            if (positions.entries.Exists(entry => entry.Room == room))
            {
                error = $"room '{room}' is named twice";
                return null;
            }

            positions.entries.Add((room, seq));
        }

        return positions;
    }

    public void Advance(string room, ulong seq)
    {
        var index = entries.FindIndex(entry => entry.Room == room);
        if (index >= 0 && (entries[index].Seq is not { } current || seq > current))
        {
            entries[index] = (room, seq);
        }
    }

    /// <summary>A room joined without a seq starts at the head its <c>joined</c> announced.</summary>
    public void StartAt(string room, ulong head)
    {
        var index = entries.FindIndex(entry => entry.Room == room);
        if (index >= 0 && entries[index].Seq is null)
        {
            entries[index] = (room, head);
        }
    }

    /// <summary>A room as the map writes it.</summary>
    public static string Escape(string room) =>
        room.AsSpan().IndexOfAny('%', ':', ',') < 0 ? room : room.Replace("%", "%25").Replace(":", "%3A").Replace(",", "%2C");

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (room, seq) in entries)
        {
            if (seq is not { } position)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Escape(room)).Append(':').Append(position);
        }

        return text.ToString();
    }
}
