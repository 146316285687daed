using System.Net;
using System.Net.Sockets;

namespace Ladder.Admin.Services;

/// <summary>The address sign-in failures are counted against.</summary>
public static class ClientAddress
{
    /// <summary>An IPv4 address as is; an IPv6 address as its /64, since one host usually holds a whole /64 and could
    /// otherwise step to a fresh address for every guess.</summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
