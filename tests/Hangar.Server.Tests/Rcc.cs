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
        var parts = credential.Split(':', 2);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(body) };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{RequestSignature.Scheme} {parts[0]} {RequestSignature.Compute(parts[1], "POST", path, timestamp, Encoding.UTF8.GetBytes(body))}");
        request.Headers.TryAddWithoutValidation(RequestSignature.TimestampHeader, timestamp);
        using var response = await client.SendAsync(request);
        return (await Api.OkJsonAsync(response))["token"]!.GetValue<string>();
    }

    public static HttpClient BearerClient(HangarTestServer server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
