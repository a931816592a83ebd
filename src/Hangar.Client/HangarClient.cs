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
public sealed partial class HangarClient : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly HttpClient _http;

    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:8080</c>.</param>
    public HangarClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
    }

    /// <summary>Sends <paramref name="key"/> as <c>Authorization: RC-WSKEY</c> on every request.</summary>
    public HangarClient WithApiKey(string key)
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
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

    public void Dispose() => _http.Dispose();

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

            url = page.HasMore ? page.Next : null;
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
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

        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            ErrorResponse? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ErrorResponse>(JsonOptions, ct);
            }
            catch (JsonException)
            {
            }

            throw new HangarApiException(response.StatusCode, error?.Error.Code ?? "http_error", error?.Error.Message ?? response.ReasonPhrase ?? "");
        }

        return await response.Content.ReadFromJsonAsync<T>(JsonOptions, ct)
               ?? throw new HangarApiException(response.StatusCode, "empty_response", "The server answered with no body.");
    }

    private static string KeysPath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/api-keys";
}
