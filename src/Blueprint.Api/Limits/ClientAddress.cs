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

    /// <summary>Budget keys of signed-in callers start with this.</summary>
    public const string SignedInPrefix = "signed-in:";

    /// <summary>
    /// The key a caller's budgets are kept under: a signed-in caller's own (how they signed in and who they are),
    /// so colleagues behind one office address each have a budget, and anyone else's address.
    /// </summary>
    public static string BudgetKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: { } scheme }
        && context.User.FindFirst(Accounts.AccountPrincipal.PersonClaim)?.Value is { Length: > 0 } subject
            ? $"{SignedInPrefix}{scheme}:{subject}"
            : Of(context);

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
