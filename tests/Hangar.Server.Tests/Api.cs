using System.Net;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Steps many tests take, done over HTTP as a client would.</summary>
internal static class Api
{
    public const string Password = "a-good-long-password";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static async Task<JsonNode> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsync(path, Json.Body(body));
        return await OkJsonAsync(response);
    }

    public static async Task<JsonNode> PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsync(path, Json.Body(body));
        return await OkJsonAsync(response);
    }

    public static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await OkJsonAsync(response);
    }

    /// <summary>Creates a key in <paramref name="workspaceId"/> (as the admin) and returns its id and value.</summary>
    public static async Task<(string Id, string Key)> NewKeyAsync(HttpClient admin, string workspaceId, params string[] permissions)
    {
        var created = await PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/api-keys", new { name = Unique("key"), permissions });
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    /// <summary>A client that sends <paramref name="key"/> as <c>RC-WSKEY</c> on every request.</summary>
    public static HttpClient KeyClient(HangarTestServer server, string key)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = Json.WorkspaceKey(key);
        return client;
    }

    public static async Task<string> NewWorkspaceAsync(HttpClient admin) =>
        (await PostAsync(admin, "/api/v1/workspaces", new { name = Unique("ws") }))["id"]!.GetValue<string>();

    /// <summary>Creates a user (as the admin) and returns its id and a client signed in as that user.</summary>
    public static async Task<(string Id, HttpClient Client)> NewUserAsync(HangarTestServer server, HttpClient admin)
    {
        var username = Unique("user");
        var user = await PostAsync(admin, "/api/v1/users", new { username, password = Password });
        return (user["id"]!.GetValue<string>(), await server.LoginAsync(username, Password));
    }

    /// <summary>A user with <paramref name="role"/> in the admin's default workspace.</summary>
    public static async Task<(string Id, HttpClient Client)> NewMemberAsync(HangarTestServer server, HttpClient admin, string role)
    {
        var (id, client) = await NewUserAsync(server, admin);
        await PutAsync(admin, $"/api/v1/workspaces/{server.DefaultWorkspaceId}/members/{id}", new { role });
        return (id, client);
    }
}
