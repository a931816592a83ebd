using System.Globalization;
using System.Net;

namespace Hangar.Server.Smtp;

/// <summary>
/// The addresses <c>--smtp-urls</c> names: <c>smtp://HOST:PORT</c>, separated by <c>;</c>. HOST is an IP address
/// (IPv6 in brackets), <c>localhost</c>, or <c>*</c> for every interface; the port is required (0 takes a free one).
/// </summary>
public static class SmtpUrls
{
    private const string Scheme = "smtp://";

    public static IReadOnlyList<IPEndPoint> Parse(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var endpoints = new List<IPEndPoint>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(TryParse(url, out var endpoint) ? endpoint : throw new FormatException(
                $"--smtp-urls: '{url}' is not smtp://HOST:PORT (HOST an IP address, localhost or *; PORT 0 to 65535)."));
        }

        return endpoints.Count > 0 ? endpoints : throw new FormatException("--smtp-urls names no address.");
    }

    public static bool TryParse(string url, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = url[Scheme.Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = rest[..colon];
        IPAddress? address = host switch
        {
            "*" or "0.0.0.0" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            ['[', .., ']'] when IPAddress.TryParse(host[1..^1], out var v6) => v6,
            _ when !host.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(host, out var v4) => v4,
            _ => null,
        };
        if (address is null)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>The mail domain as addresses are compared: a host name of letters, digits, hyphens and dots, lower-case.</summary>
    public static bool IsValidDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain) || domain.Length > 253)
        {
            return false;
        }

        return domain.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
                                              && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
