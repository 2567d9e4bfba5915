using System.Net;
using System.Net.Sockets;

namespace Lethe.Accounts;

/// <summary>Which client a sign-in came from, as the lockout counts it.</summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    /// <summary>
    /// The address as text; for IPv6 its /64 network, since one subscriber usually holds a whole /64 and could
    /// otherwise take a fresh address for every five guesses. IPv4 addresses mapped into IPv6 count as IPv4.
    /// </summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
