using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hangar.Server.Hosting;

/// <summary>
/// The base URL every absolute link this server hands out is built on: signed URLs, <c>next</c> links, the URLs in a
/// worker's assignment, the commands the UI shows. It is <c>--public-url</c> when set, else the first address the
/// server listens on (a wildcard address becomes this machine's host name). Never the request's Host header: a
/// client that sends <c>Host: evil.example</c> still gets links to this server.
/// </summary>
public sealed class PublicUrl(HangarServerOptions options, IServer server)
{
    private string? _value;

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Value => _value ?? Resolve();

    /// <summary>Whether the base URL comes from the configuration rather than from the listening address.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.PublicUrl);

    /// <summary>An absolute URL for a path (starting with '/') and query on this server.</summary>
    public string For(string pathAndQuery) => Value + pathAndQuery;

    private string Resolve()
    {
        if (IsConfigured)
        {
            return _value = options.PublicUrl!.Trim().TrimEnd('/');
        }

        // After start the feature has the bound addresses (with the real port when the configured one was 0).
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null)
        {
            // Not listening yet (nothing hands out links before that): the configured address, not remembered.
            return options.BaseUrl;
        }

        var uri = new UriBuilder(listening.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            uri.Host = Dns.GetHostName().ToLowerInvariant();
        }

        return _value = uri.Uri.GetLeftPart(UriPartial.Authority) + uri.Path.TrimEnd('/');
    }
}
