using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>What rcc does before its robot calls: trade an access credential for a Bearer token with a signed request.</summary>
internal static class Rcc
{
    public static async Task<string> NewCredentialAsync(HttpClient user) =>
        (await Api.PostAsync(user, "/api/v1/users/me/access-credentials", new { name = Api.Unique("rcc") }))["credential"]!.GetValue<string>();

    /// <summary>A token for <paramref name="capability"/>, for one workspace or (null) for the user.</summary>
    public static async Task<string> VendAsync(HangarTestServer server, string credential, string? workspaceId, string capability)
    {
        var path = workspaceId is null ? "/token-vendor-v1/user/tokenrequest" : $"/token-vendor-v1/workspaces/{workspaceId}/tokenrequest";
        var body = $$"""{"expiresIn":900,"capabilitySet":"{{capability}}"}""";
        using var client = server.CreateClient();
        using var request = Signed(HttpMethod.Post, path, credential, body, DateTimeOffset.UtcNow);
        using var response = await client.SendAsync(request);
        return (await Api.OkJsonAsync(response))["token"]!.GetValue<string>();
    }

    /// <summary>
    /// A request signed as rcc signs it: over the method, the path (never a query string), the content type, the
    /// timestamp and the body's hash. <paramref name="sentPath"/> is where it is sent, when that differs from what was signed.
    /// </summary>
    public static HttpRequestMessage Signed(HttpMethod method, string path, string credential, string body, DateTimeOffset at,
        string? sentPath = null, string timestampHeader = RequestSignature.TimestampHeader)
    {
        var parts = credential.Split(':', 2);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(method, sentPath ?? path) { Content = Json.Body(body) };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{RequestSignature.Scheme} {parts[0]} {RequestSignature.Compute(parts[1], method.Method, path, timestamp, Encoding.UTF8.GetBytes(body))}");
        request.Headers.TryAddWithoutValidation(timestampHeader, timestamp);
        return request;
    }

    public static HttpClient BearerClient(HangarTestServer server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
