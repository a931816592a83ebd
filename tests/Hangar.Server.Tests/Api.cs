using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Stores;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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

    public static async Task<JsonNode> DeleteJsonAsync(HttpClient client, string path)
    {
        using var response = await DeleteAsync(client, path);
        return await OkJsonAsync(response);
    }

    /// <summary>
    /// A DELETE as a JSON client sends it: with 'Content-Type: application/json' and no body, which a request signed in
    /// with the session cookie needs (no other site can make a browser send that); keys and tokens may leave it out.
    /// </summary>
    public static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string path) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = Json.Body(string.Empty) });

    /// <summary>A POST without a body, as a JSON client sends it (see <see cref="DeleteAsync"/>).</summary>
    public static Task<HttpResponseMessage> PostEmptyAsync(HttpClient client, string path) => client.PostAsync(path, Json.Body(string.Empty));

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

    /// <summary>
    /// A task package with one uploaded version offering <paramref name="tasks"/>, written straight to the database
    /// (runs only need the package's row; the upload flow has its own tests).
    /// </summary>
    public static async Task<string> SeedPackageAsync(HangarTestServer server, string workspaceId, params string[] tasks)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
        var now = DateTimeOffset.UtcNow;
        var package = new TaskPackage { Id = Ids.New(), WorkspaceId = workspaceId, Name = Unique("robot"), CreatedAt = now, UpdatedAt = now };
        await store.AddAsync(package, CancellationToken.None);
        var version = new TaskPackageVersion
        {
            Id = Ids.New(), TaskPackageId = package.Id, WorkspaceId = workspaceId, Number = 1, Sha256 = new string('0', 64), Size = 1,
            BlobKey = "seeded", RobotRoot = string.Empty, Tasks = tasks.ToList(), UploadedByType = "system", UploadedAt = now,
        };
        await store.AddVersionAsync(package, version, CancellationToken.None);
        return package.Id;
    }

    /// <summary>A process with one step running <paramref name="task"/> of a seeded package.</summary>
    public static async Task<string> NewProcessAsync(HangarTestServer server, HttpClient admin, int maxParallel = 1, object? defaultPayload = null)
    {
        var ws = server.DefaultWorkspaceId;
        var package = await SeedPackageAsync(server, ws, "Main", "Other");
        var created = await PostAsync(admin, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = Unique("process"),
            steps = new[] { new { name = "Do it", task_package = new { id = package }, task = "Main", max_parallel = maxParallel } },
            default_payload = defaultPayload,
        });
        return created["id"]!.GetValue<string>();
    }

    /// <summary>
    /// A Bearer token vended to a new access credential of <paramref name="user"/> for <paramref name="capability"/> in
    /// <paramref name="workspaceId"/>, asked for with a signed token request as rcc does.
    /// </summary>
    public static async Task<string> VendTokenAsync(HangarTestServer server, HttpClient user, string workspaceId, string capability)
    {
        var credential = (await PostAsync(user, "/api/v1/users/me/access-credentials", new { name = Unique("rcc") }))["credential"]!.GetValue<string>();
        var secret = credential.Split(':', 2)[1];
        var path = $"/token-vendor-v1/workspaces/{workspaceId}/tokenrequest";
        var body = JsonSerializer.Serialize(new { expiresIn = 600, capabilitySet = capability });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = RequestSignature.Compute(secret, "POST", path, timestamp, Encoding.UTF8.GetBytes(body));
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(body) };
        request.Headers.TryAddWithoutValidation("Authorization", $"robocloud-hmac {credential.Split(':', 2)[0]} {signature}");
        request.Headers.TryAddWithoutValidation(RequestSignature.TimestampHeader, timestamp);
        using var response = await client.SendAsync(request);
        return (await OkJsonAsync(response))["token"]!.GetValue<string>();
    }

    /// <summary>The anti-forgery token of the first form on a UI page, as a browser would send it back (its cookie goes in the client's jar).</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, $"no form token on {page}");
        return match.Groups[1].Value;
    }

    /// <summary>Creates a user (as the admin) and returns its id and a client signed in as that user.</summary>
    public static async Task<(string Id, HttpClient Client)> NewUserAsync(HangarTestServer server, HttpClient admin)
    {
        var username = Unique("user");
        var user = await PostAsync(admin, "/api/v1/users", new { username, password = Password });
        return (user["id"]!.GetValue<string>(), await server.LoginAsync(username, Password));
    }

    /// <summary>
    /// Creates a user in <paramref name="organizationId"/> (as <paramref name="owner"/>, an owner of it or an instance
    /// administrator) and returns its id, name and a client signed in as that user.
    /// </summary>
    public static async Task<(string Id, string Username, HttpClient Client)> NewUserInAsync(HangarTestServer server, HttpClient owner, string organizationId)
    {
        var username = Unique("user");
        var user = await PostAsync(owner, "/api/v1/users", new { username, password = Password, organization = new { id = organizationId } });
        return (user["id"]!.GetValue<string>(), username, await server.LoginAsync(username, Password));
    }

    /// <summary>A new organization created by <paramref name="owner"/> (who owns it, and is its only member).</summary>
    public static async Task<string> NewOrganizationAsync(HttpClient owner) =>
        (await PostAsync(owner, "/api/v1/organizations", new { name = Unique("Org") }))["id"]!.GetValue<string>();

    /// <summary>The signed-in user's id.</summary>
    public static async Task<string> MyIdAsync(HttpClient client) => (await GetAsync(client, "/api/v1/users/me"))["id"]!.GetValue<string>();

    /// <summary>A user with <paramref name="role"/> in the admin's default workspace.</summary>
    public static async Task<(string Id, HttpClient Client)> NewMemberAsync(HangarTestServer server, HttpClient admin, string role)
    {
        var (id, client) = await NewUserAsync(server, admin);
        await PutAsync(admin, $"/api/v1/workspaces/{server.DefaultWorkspaceId}/members/{id}", new { role });
        return (id, client);
    }
}
