using System.Net;
using System.Net.Sockets;

namespace Blueprint.Api.Limits;

/// <summary>
/// The key a client's budget is kept under: its address (after trusted forwarded headers), IPv6 by its
/// /64 network, because one subscriber is usually given a whole /64.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Key(context.Connection.RemoteIpAddress);

    internal static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
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
