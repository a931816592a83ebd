using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Walks every operation of every OpenAPI document and proves, over HTTP, that each workspace route refuses a key
/// of another workspace, a key without the permission the document names, and a request with no credential.
/// </summary>
public sealed partial class RouteWalkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] Documents = ["v1", "rcc", "process-v1", "legacy", "blobs", "secrets-v1", "json-v1", "worker-v1"];

    private HangarTestServer Server => fixture.Server;

    public static IEnumerable<object[]> DocumentNames => Documents.Select(d => new object[] { d });

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryWorkspaceRoute_RefusesAKeyOfAnotherWorkspace(string document)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, foreignKey) = await Api.NewKeyAsync(admin, other, Permissions.All.Select(p => p.Name).ToArray());
        using var client = Api.KeyClient(Server, foreignKey);
        var checkedRoutes = 0;
        foreach (var (method, path, _) in await OperationsAsync(document))
        {
            if (!path.Contains("{workspace_id}", StringComparison.Ordinal))
            {
                continue;
            }

            using var response = await SendAsync(client, method, Fill(path, Server.DefaultWorkspaceId));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{method} {path} answered {(int)response.StatusCode} to a key of another workspace");
            Assert.DoesNotContain(Server.DefaultWorkspaceId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            checkedRoutes++;
        }

        Assert.True(document != "v1" || checkedRoutes >= 10, $"only {checkedRoutes} workspace routes in {document}");
    }

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryRouteWithAPermission_RefusesAKeyWithoutIt(string document)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var checkedRoutes = 0;
        foreach (var (method, path, access) in await OperationsAsync(document))
        {
            if (!path.Contains("{workspace_id}", StringComparison.Ordinal))
            {
                continue;
            }

            // "Permission: `A` in the workspace", or "Permission: `A` or `B` (Robocorp's) ..." where either passes.
            var line = PermissionLine().Match(access);
            var needed = line.Success ? line.Groups[1].Value : null;
            var accepted = line.Success ? [needed!, .. line.Groups[2].Success ? new[] { line.Groups[2].Value } : []] : Array.Empty<string>();
            var allBut = Permissions.All.Select(p => p.Name).Where(p => !accepted.Contains(p)).ToArray();
            var (_, key) = await Api.NewKeyAsync(admin, Server.DefaultWorkspaceId, allBut);
            using var client = Api.KeyClient(Server, key);
            using var response = await SendAsync(client, method, Fill(path, Server.DefaultWorkspaceId));
            var body = await response.Content.ReadAsStringAsync();
            if (needed is not null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {body}");
                Assert.Contains(needed, body, StringComparison.Ordinal);
            }
            else if (access.Contains("Any credential of the workspace", StringComparison.Ordinal))
            {
                Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                // Routes for people (admin sessions) or for signed tool requests: no key ever qualifies.
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {body}");
            }

            checkedRoutes++;
        }

        Assert.True(document != "v1" || checkedRoutes >= 10, $"only {checkedRoutes} routes in {document}");
    }

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryProtectedRoute_RefusesARequestWithoutCredentials(string document)
    {
        using var client = Server.CreateClient();
        foreach (var (method, path, access) in await OperationsAsync(document))
        {
            if (access.StartsWith("No authentication", StringComparison.Ordinal))
            {
                continue;
            }

            using var response = await SendAsync(client, method, Fill(path, Server.DefaultWorkspaceId));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
            Assert.False(string.IsNullOrEmpty(await Json.ErrorCodeAsync(response)));
        }
    }

    private async Task<List<(string Method, string Path, string Access)>> OperationsAsync(string document)
    {
        using var client = Server.CreateClient();
        var spec = JsonNode.Parse(await client.GetStringAsync($"/openapi/{document}.json"))!;
        var operations = new List<(string, string, string)>();
        foreach (var (path, item) in spec["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                operations.Add((method.ToUpperInvariant(), path, operation!["description"]?.GetValue<string>() ?? string.Empty));
            }
        }

        Assert.NotEmpty(operations);
        return operations;
    }

    private static string Fill(string path, string workspaceId) =>
        Placeholder().Replace(path.Replace("{workspace_id}", workspaceId, StringComparison.Ordinal), _ => Guid.CreateVersion7().ToString());

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = Json.Body("{}");
        }

        return client.SendAsync(request);
    }

    [GeneratedRegex(@"Permission: `([^`]+)`(?: or `([^`]+)`)?")]
    private static partial Regex PermissionLine();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex Placeholder();
}
