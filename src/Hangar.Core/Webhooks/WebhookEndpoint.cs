using System.Net;
using System.Net.Sockets;
using Hangar.Core.Errors;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Checks of the URLs deliveries go to (webhook endpoints and run callbacks). Where a name resolves is checked again
/// when each delivery connects (<see cref="WebhookSender"/>), against the address actually connected to, so a name
/// that resolves elsewhere later (DNS rebinding) cannot get around the check made here.
/// </summary>
public static class WebhookEndpoint
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>An absolute http(s) URL without credentials, of bounded length; the refusal names <paramref name="field"/>.</summary>
    public static Uri Parse(string? url, string field)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookLimits.MaxEndpointLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw HangarException.Invalid("invalid_endpoint",
                $"'{field}' must be an absolute http:// or https:// URL of at most {WebhookLimits.MaxEndpointLength} characters.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw HangarException.Invalid("invalid_endpoint", $"'{field}' must not carry a user name or password.");
        }

        return uri;
    }

    /// <summary>
    /// Refuses an address literal or <c>localhost</c> that is not public, without looking anything up (a trigger's
    /// callback is checked so, to keep DNS off the trigger's path; its name is checked when the delivery connects).
    /// </summary>
    public static void CheckLiteral(Uri uri, bool allowPrivate, string field)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (allowPrivate)
        {
            return;
        }

        if (uri.IsLoopback || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost, out var ip)
            && !OutboundAddresses.IsPublic(ip))
        {
            throw NotAllowed(field);
        }
    }

    /// <summary>
    /// <see cref="CheckLiteral"/>, then resolves the name and refuses it when every address it has is not public. A
    /// name that does not resolve now is accepted: it may be registered later, and is checked at every delivery.
    /// </summary>
    public static async Task CheckAsync(Uri uri, bool allowPrivate, string field, CancellationToken ct)
    {
        CheckLiteral(uri, allowPrivate, field);
        if (allowPrivate || uri.HostNameType is not UriHostNameType.Dns)
        {
            return;
        }

        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return;
        }

        if (addresses.Length > 0 && !addresses.Any(OutboundAddresses.IsPublic))
        {
            throw NotAllowed(field);
        }
    }

    private static HangarException NotAllowed(string field) =>
        HangarException.Invalid("endpoint_not_allowed",
            $"'{field}' points to a loopback, link-local or private address, which this server does not call "
            + "(an administrator can allow it with --allow-private-webhooks).");
}
