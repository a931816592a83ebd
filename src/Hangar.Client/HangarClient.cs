using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangar.Contracts.V1;

namespace Hangar.Client;

/// <summary>
/// A typed client of Hangar's v1 API. Authenticate with a workspace API key (<see cref="WithApiKey"/>) or sign in
/// with a password (<see cref="LoginAsync"/>, which keeps the session cookie in this client).
/// </summary>
/// <remarks>
/// <para>Every method takes a <see cref="CancellationToken"/>. Lists are <see cref="IAsyncEnumerable{T}"/>s that fetch
/// the next page as you enumerate (<c>await foreach</c>). A refusal throws <see cref="HangarApiException"/> with the
/// server's stable <c>error.code</c>.</para>
/// <para>Retries: an answer of 429 (too many requests) or 503 (the server is briefly unavailable, e.g. its database)
/// is retried after the server's <c>Retry-After</c> (at most <see cref="MaxAttempts"/> attempts, and never when the
/// server asks to wait longer than <see cref="MaxRetryDelay"/>), but only where a retry cannot do a thing twice:
/// reads (GET), PUT and DELETE, which are idempotent; any request answered 429, which the server refuses before
/// acting; and a run start, which carries an <c>Idempotency-Key</c> so that a repeat returns the first run. Other
/// changes (POST) are not retried on 503.</para>
/// </remarks>
public sealed partial class HangarClient : IDisposable
{
    /// <summary>How many times one request is sent at most, the first time included.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The longest <c>Retry-After</c> this client waits for; a longer one is thrown at once.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The wait before a retry when the server's 429 or 503 carries no <c>Retry-After</c>.</summary>
    private static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private AuthenticationHeaderValue? _authorization;

    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:8080</c>.</param>
    public HangarClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        _ownsHttp = true;
    }

    /// <summary>Uses an <see cref="HttpClient"/> you configure (e.g. from <c>IHttpClientFactory</c>); its
    /// <see cref="HttpClient.BaseAddress"/> must be the server. The client is not disposed with this one.</summary>
    public HangarClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http.BaseAddress is not null ? http : throw new ArgumentException("The HttpClient needs a BaseAddress: the Hangar server.", nameof(http));
    }

    /// <summary>The server this client calls.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Sends <paramref name="key"/> as <c>Authorization: RC-WSKEY</c> on every request to the server (never
    /// to the signed URLs of downloads, which take no credentials).</summary>
    public HangarClient WithApiKey(string key)
    {
        _authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        return this;
    }

    public async Task<UserResponse> LoginAsync(string username, string password, CancellationToken ct = default) =>
        (await SendAsync<LoginResponse>(HttpMethod.Post, "api/v1/auth/login", new LoginRequest(username, password), ct)).User;

    public Task<MeResponse> GetMeAsync(CancellationToken ct = default) => SendAsync<MeResponse>(HttpMethod.Get, "api/v1/users/me", null, ct);

    public Task<WorkspaceResponse> GetWorkspaceAsync(string workspaceId, CancellationToken ct = default) =>
        SendAsync<WorkspaceResponse>(HttpMethod.Get, $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}", null, ct);

    public IAsyncEnumerable<WorkspaceResponse> ListWorkspacesAsync(CancellationToken ct = default) =>
        ListAsync<WorkspaceResponse>("api/v1/workspaces", ct);

    public Task<CreatedApiKeyResponse> CreateApiKeyAsync(string workspaceId, string name, IEnumerable<string> permissions,
        DateTimeOffset? expiresAt = null, CancellationToken ct = default) =>
        SendAsync<CreatedApiKeyResponse>(HttpMethod.Post, KeysPath(workspaceId),
            new CreateApiKeyRequest(name, permissions.Select(p => (string?)p).ToList(), expiresAt), ct);

    public IAsyncEnumerable<ApiKeyResponse> ListApiKeysAsync(string workspaceId, CancellationToken ct = default) =>
        ListAsync<ApiKeyResponse>(KeysPath(workspaceId), ct);

    public Task<ApiKeyResponse> GetApiKeyAsync(string workspaceId, string keyId, CancellationToken ct = default) =>
        SendAsync<ApiKeyResponse>(HttpMethod.Get, $"{KeysPath(workspaceId)}/{Uri.EscapeDataString(keyId)}", null, ct);

    public Task<ApiKeyResponse> UpdateApiKeyAsync(string workspaceId, string keyId, UpdateApiKeyRequest change, CancellationToken ct = default) =>
        SendAsync<ApiKeyResponse>(HttpMethod.Put, $"{KeysPath(workspaceId)}/{Uri.EscapeDataString(keyId)}", change, ct);

    public Task<DeletedResponse> DeleteApiKeyAsync(string workspaceId, string keyId, CancellationToken ct = default) =>
        SendAsync<DeletedResponse>(HttpMethod.Delete, $"{KeysPath(workspaceId)}/{Uri.EscapeDataString(keyId)}", null, ct);

    public async Task<string> RevealApiKeyAsync(string workspaceId, string keyId, CancellationToken ct = default) =>
        (await SendAsync<RevealedApiKeyResponse>(HttpMethod.Post, $"{KeysPath(workspaceId)}/{Uri.EscapeDataString(keyId)}/reveal", new { }, ct)).Key;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Every item of a paged list, following <c>next</c> as the server gives it.</summary>
    private async IAsyncEnumerable<T> ListAsync<T>(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        string? url = path;
        while (url is not null)
        {
            var page = await SendAsync<PageResponse<T>>(HttpMethod.Get, url, null, ct);
            foreach (var item in page.Data)
            {
                yield return item;
            }

            url = page.HasMore && page.Next is not null ? OnThisServer(page.Next) : null;
        }
    }

    /// <summary>
    /// A next-page URL as this client reaches the server: the server writes it on its public URL, which may name the
    /// host differently (a proxy, localhost for 127.0.0.1); the path and query are what matter.
    /// </summary>
    private string OnThisServer(string next)
    {
        if (!Uri.TryCreate(next, UriKind.Absolute, out var absolute)
            || Uri.Compare(absolute, BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return next;
        }

        return new Uri(BaseAddress, absolute.PathAndQuery).ToString();
    }

    private Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) =>
        SendAsync<T>(method, path, body, idempotencyKey: null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var response = await SendWithRetriesAsync(() => NewRequest(method, path, body, idempotencyKey), HttpCompletionOption.ResponseContentRead, ct);
        await ThrowUnlessSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(JsonOptions, ct)
               ?? throw new HangarApiException(response.StatusCode, "empty_response", "The server answered with no body.");
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonOptions);
        }
        else if (method != HttpMethod.Get)
        {
            // Signed in with a session, a change must say it is JSON even without a body: the server refuses what a
            // form on another site could send.
            request.Content = new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        // The key goes only to the server itself: a next-page URL is the server's, but a URL elsewhere never gets it.
        if (_authorization is not null && BaseAddress.IsBaseOf(new Uri(BaseAddress, path)))
        {
            request.Headers.Authorization = _authorization;
        }

        return request;
    }

    /// <summary>Sends a fresh request from <paramref name="newRequest"/> until it is not a retryable 429 or 503 (see the class remarks).</summary>
    private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> newRequest, HttpCompletionOption completion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            bool retryable;
            using (var request = newRequest())
            {
                response = await _http.SendAsync(request, completion, ct);
                retryable = response.StatusCode == HttpStatusCode.TooManyRequests
                            || response.StatusCode == HttpStatusCode.ServiceUnavailable
                            && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
                                || request.Headers.Contains("Idempotency-Key"));
            }

            if (!retryable || attempt >= MaxAttempts || RetryDelay(response) is not { } delay)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, ct);
        }
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), or null when it asks for longer than <see cref="MaxRetryDelay"/>.</summary>
    private static TimeSpan? RetryDelay(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : DefaultRetryDelay);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return delay <= MaxRetryDelay ? delay : null;
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ErrorResponse? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<ErrorResponse>(JsonOptions, ct);
        }
        catch (JsonException)
        {
        }
        catch (NotSupportedException)
        {
            // Not JSON at all (e.g. a proxy's HTML page): the status says enough.
        }

        throw new HangarApiException(response.StatusCode, error?.Error?.Code ?? "http_error", error?.Error?.Message ?? response.ReasonPhrase ?? "");
    }

    private static string KeysPath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/api-keys";
}
