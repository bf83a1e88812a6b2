using System.Net;

namespace Bot.Sources;

/// <summary>
/// Which addresses a link may reach. The ranges are the special-purpose ones of RFC 6890 that lead into a private
/// network or the host itself; <see cref="IPNetwork"/> does the matching.
/// </summary>
internal static class NetworkPolicy
{
    private static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>True for an address in a private, loopback, link-local, multicast or unspecified range.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return Array.Exists(Private, n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }
}
