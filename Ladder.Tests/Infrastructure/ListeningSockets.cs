using System.Globalization;
using System.Net;

namespace Ladder.Tests.Infrastructure;

/// <summary>The TCP sockets a process listens on, read from /proc (what <c>ss -ltnp</c> shows).</summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
            return [];
        }

        var found = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] == ListenState && inodes.Contains(fields[9]))
                {
                    found.Add(Parse(fields[1]));
                }
            }
        }

        return found;
    }

    /// <summary>An address as /proc/net/tcp{,6} writes it: hex, each 32-bit word in host (little-endian) order.</summary>
    private static IPEndPoint Parse(string local)
    {
        var (address, port) = (local[..local.IndexOf(':', StringComparison.Ordinal)], local[(local.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = new byte[address.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var i = 0; i < 4; i++)
            {
                bytes[word * 4 + i] = byte.Parse(address.AsSpan(word * 8 + (3 - i) * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
