using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Sends one delivery: a POST of the stored body with its signature, bounded in time (<see cref="WebhookOptions.Timeout"/>
/// for the whole exchange) and in size (only the first <see cref="WebhookLimits.ResponseExcerptBytes"/> of the answer
/// are read). Redirects are not followed (a 3xx is a failed attempt), no proxy is used, and every connection is made
/// by <see cref="ConnectAsync"/>, which resolves the host itself and connects only to addresses
/// <see cref="OutboundAddresses"/> allows: the check happens against the address actually connected to, so DNS
/// rebinding cannot lead a delivery into the private network.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;

    public WebhookSender(WebhookOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            // Connections are reused, but not for long: an endpoint's name is resolved (and checked) again regularly.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Hangar-Webhooks/1.0");
    }

    /// <param name="url">Where to POST.</param>
    /// <param name="secret">The signing secret; null sends no signature (a callback given without one).</param>
    /// <param name="body">The JSON, sent byte for byte as stored.</param>
    /// <param name="eventName">The event, repeated in a header for receivers that route before parsing.</param>
    /// <param name="deliveryId">The delivery, named in a header so a receiver's logs can be matched with Hangar's.</param>
    /// <param name="ct">Cancellation (the server stopping).</param>
    public async Task<WebhookSendResult> SendAsync(Uri url, string? secret, string body, string eventName, long deliveryId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Compute(secret, bytes));
        }

        request.Headers.TryAddWithoutValidation("x-hangar-event", eventName);
        request.Headers.TryAddWithoutValidation("x-hangar-delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            return new WebhookSendResult(status, Elapsed(started), excerpt, status is >= 200 and < 300 ? null : "http_status");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookSendResult(null, Elapsed(started), null, "timeout");
        }
        catch (HttpRequestException ex) when (Find<EndpointRefusedException>(ex) is not null)
        {
            return new WebhookSendResult(null, Elapsed(started), null, "address_not_allowed", Final: true);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookSendResult(null, Elapsed(started), null, Classify(ex));
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = _options.AllowPrivateEndpoints ? addresses : addresses.Where(OutboundAddresses.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new EndpointRefusedException($"'{host}' resolves only to addresses deliveries may not reach.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The first bytes of the answer, as text; the rest is never read (the connection is dropped instead).</summary>
    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[WebhookLimits.ResponseExcerptBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read == 0)
        {
            return null;
        }

        // Cut at a character boundary so that a split multi-byte character does not become garbage at the end, and
        // keep no NUL (no database keeps it in text).
        var text = Encoding.UTF8.GetString(buffer, 0, read).Replace('\0', '\uFFFD');
        return read == buffer.Length && text.Length > 0 && text[^1] == '\uFFFD' ? text[..^1] : text;
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, _time.GetElapsedTime(started).TotalMilliseconds);

    private static string Classify(HttpRequestException ex) =>
        Find<AuthenticationException>(ex) is not null ? "tls_error"
        : Find<SocketException>(ex) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } ? "dns_error"
        : ex.HttpRequestError == HttpRequestError.ConnectionError ? "connection_failed"
        : "request_failed";

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
