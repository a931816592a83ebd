using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hangar.Server.Hosting;

/// <summary>
/// <c>--trusted-proxy</c>: the reverse proxies whose forwarded headers are believed. Only a request that arrives from
/// one of them has its client address, scheme and host taken from <c>X-Forwarded-For/-Proto/-Host</c>; from
/// anywhere else those headers are ignored, so a client cannot claim another address to dodge throttling.
/// </summary>
public static class ProxyTrust
{
    /// <summary>An IP address (<c>10.0.0.5</c>) or a CIDR network (<c>10.0.0.0/8</c>).</summary>
    public static bool TryParse(string? value, out IPAddress? address, [NotNullWhen(true)] out string? normalized)
    {
        address = null;
        normalized = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!System.Net.IPNetwork.TryParse(text, out var network))
            {
                return false;
            }

            normalized = network.ToString();
            return true;
        }

        if (!IPAddress.TryParse(text, out address))
        {
            return false;
        }

        normalized = address.ToString();
        return true;
    }

    /// <summary>
    /// Believes <c>X-Forwarded-For/-Proto/-Host</c> from the given proxies only (the defaults, which trust loopback,
    /// are cleared). A chain of trusted proxies is followed back to the first address that is not one of them.
    /// </summary>
    public static void Configure(ForwardedHeadersOptions forwarded, IEnumerable<string> proxies)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        ArgumentNullException.ThrowIfNull(proxies);
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = null;
        foreach (var proxy in proxies)
        {
            if (!TryParse(proxy, out var address, out var normalized))
            {
                throw new FormatException($"--trusted-proxy: '{proxy}' is not an IP address or a CIDR network.");
            }

            if (address is not null)
            {
                forwarded.KnownProxies.Add(address);
                if (address.IsIPv4MappedToIPv6 is false && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
                    forwarded.KnownProxies.Add(address.MapToIPv6());
                }
            }
            else
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(normalized));
            }
        }
    }
}
