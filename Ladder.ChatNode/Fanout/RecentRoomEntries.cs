using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Fanout;

/// <summary>One entry <see cref="RecentEntries"/> holds; <c>Frame</c> is null once a tombstone erased the message.</summary>
internal readonly record struct RecentEntry(ulong Seq, OutboundFrame? Frame, DateTimeOffset StoredAt);

/// <summary>One room's entries in seq order; erased messages stay as placeholders (Frame null) until evicted,
/// so that positions and the eviction queue stay aligned.</summary>
internal sealed class RecentRoomEntries(string name)
{
    private readonly List<RecentEntry> entries = [];
    private int first;

    public string Name => name;

    public ulong CoveredFrom { get; set; }

    public int LiveCount => entries.Count - first;

    public void Append(RecentEntry entry) => entries.Add(entry);

    /// <summary>The room's limit: the oldest goes, and with it the claim to know what came before.</summary>
    public void DropOldest()
    {
        CoveredFrom = Math.Max(CoveredFrom, entries[first].Seq + 1);
        RemoveFirst();
    }

    /// <summary>Drops every entry up to <paramref name="seq"/> (at most the oldest, which the budget evicts), and
    /// with them the claim to know what came before.</summary>
    public void DropUpTo(ulong seq)
    {
        CoveredFrom = Math.Max(CoveredFrom, seq + 1);
        while (LiveCount > 0 && entries[first].Seq <= seq)
        {
            RemoveFirst();
        }
    }

    /// <summary>A tombstone for message <paramref name="seq"/>: the log no longer holds its text.</summary>
    public void Erase(ulong seq)
    {
        if (seq == 0)
        {
            return;
        }

        var index = IndexAfter(seq - 1);
        if (index < entries.Count && entries[index].Seq == seq)
        {
            entries[index] = entries[index] with { Frame = null };
        }
    }

    /// <summary>The held entries with <paramref name="after"/> &lt; seq ≤ <paramref name="upTo"/>, erased ones left out.</summary>
    public List<RecentEntry> Range(ulong after, ulong upTo)
    {
        var result = new List<RecentEntry>();
        for (var i = IndexAfter(after); i < entries.Count && entries[i].Seq <= upTo; i++)
        {
            if (entries[i].Frame is not null)
            {
                result.Add(entries[i]);
            }
        }

        return result;
    }

    /// <summary>The index of the first entry with a seq above <paramref name="after"/>.</summary>
    private int IndexAfter(ulong after)
    {
        int low = first, high = entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (entries[middle].Seq <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void RemoveFirst()
    {
        entries[first++] = default;
        if (first == entries.Count)
        {
            entries.Clear();
            first = 0;
        }
        else if (first >= 64 && first * 2 >= entries.Count)
        {
            entries.RemoveRange(0, first);
            first = 0;
        }
    }
}
