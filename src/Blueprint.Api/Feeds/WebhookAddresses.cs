using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Feeds;

/// <summary>
/// Which partner addresses may be called: http(s) URLs without credentials whose host is on
/// <c>Webhooks:AllowedHosts</c>, checked at registration and again before each attempt; and, when connecting, no
/// private, loopback or link-local address unless the allow-list names that address itself (so a public name
/// cannot be pointed at the internal network, also not by a DNS answer that changes between check and send).
/// </summary>
public sealed class WebhookAddresses(IOptionsMonitor<WebhookOptions> options)
{
    /// <summary>Why <paramref name="url"/> may not be used, or null when it may.</summary>
    public string? Refusal(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "url must be an absolute http or https address.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry a user name or password.";
        }
        return IsAllowedHost(uri.IdnHost) ? null
            : $"The host '{uri.IdnHost}' is not on the allow-list (Webhooks:AllowedHosts). Ask the operator to add it.";
    }

    private bool IsAllowedHost(string host) =>
        options.CurrentValue.AllowedHosts.Any(h => string.Equals(h.Trim().Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    /// <summary>Connects to an allowed host's address, refusing internal addresses it did not name explicitly.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (!IsAllowedHost(host))
        {
            throw new HttpRequestException($"The host '{host}' is not on Webhooks:AllowedHosts.");
        }
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var named);
        var addresses = literal ? [named!] : await Dns.GetHostAddressesAsync(host, ct);
        var usable = addresses.Where(a => literal || !IsInternal(a)).ToList();
        if (usable.Count == 0)
        {
            throw new HttpRequestException($"The host '{host}' resolves only to private or local addresses.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. usable], context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, private (RFC 1918, unique local), shared (100.64/10), link-local, unspecified or multicast addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC;
        }
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 || b[0] >= 224
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
