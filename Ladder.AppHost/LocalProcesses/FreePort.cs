using System.Net;
using System.Net.Sockets;

namespace Ladder.AppHost.LocalProcesses;

internal static class FreePort
{
    /// <summary>A loopback port the kernel has just handed out; free at the moment of asking.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
