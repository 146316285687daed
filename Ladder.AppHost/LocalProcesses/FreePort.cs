using System.Net;
using System.Net.Sockets;

namespace Ladder.AppHost.LocalProcesses;

internal static class FreePort
{
    // Below Linux's ephemeral range (32768–60999): a port the kernel hands out for "any port" may be taken by an
    // outgoing connection (a Redis or PostgreSQL client) before the service it was meant for binds it, which made a
    // test platform's chat node fail to start now and then.
    private const int First = 20_000;
    private const int Last = 32_767;

    // Every port handed out by this process, so that platforms started side by side in one test run never share one.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port free at the moment of asking, outside the range outgoing connections draw from.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
