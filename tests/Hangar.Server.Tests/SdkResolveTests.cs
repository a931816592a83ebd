using System.Net;
using Hangar.Client;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The SDK's id-or-name resolution of processes, robots and worker groups, against the real server.</summary>
public class SdkResolveTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ReadPermissions = [Permissions.ReadProcesses, Permissions.ReadTaskPackages, Permissions.ReadWorkers];

    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Resolve_FindsAProcessARobotAndAWorkerGroup_ByIdAndByName()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (process, package, group) = await SeedAsync(admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, ReadPermissions);
        using var hangar = new HangarClient(Server.BaseAddress).WithApiKey(key);

        Assert.Equal(process.Id, await hangar.ResolveProcessIdAsync(ws, process.Id));
        Assert.Equal(process.Id, await hangar.ResolveProcessIdAsync(ws, process.Name));
        Assert.Equal(package.Id, await hangar.ResolveTaskPackageIdAsync(ws, package.Id));
        Assert.Equal(package.Id, await hangar.ResolveTaskPackageIdAsync(ws, package.Name));
        Assert.Equal(group.Id, await hangar.ResolveWorkerGroupIdAsync(ws, group.Id));
        Assert.Equal(group.Id, await hangar.ResolveWorkerGroupIdAsync(ws, group.Name));
    }

    [Fact]
    public async Task Resolve_ById_AsksForThatObjectAlone_WithoutListingTheWorkspace()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (process, _, _) = await SeedAsync(admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, ReadPermissions);
        var recorder = new RecordingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(recorder) { BaseAddress = Server.BaseAddress };
        using var hangar = new HangarClient(http).WithApiKey(key);

        var resolved = await hangar.ResolveProcessIdAsync(ws, process.Id);

        Assert.Equal(process.Id, resolved);
        Assert.Equal($"GET /api/v1/workspaces/{ws}/processes/{process.Id}", Assert.Single(recorder.Requests));
    }

    [Fact]
    public async Task Resolve_ThrowsNotFound_ForAnUnknownNameOrId_AndForAnotherWorkspacesObjects()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var other = await Api.NewWorkspaceAsync(admin);
        var (elsewhere, elsewherePackage, elsewhereGroup) = await SeedAsync(admin, other);
        var (_, key) = await Api.NewKeyAsync(admin, ws, ReadPermissions);
        using var hangar = new HangarClient(Server.BaseAddress).WithApiKey(key);

        foreach (var unknown in new[] { "no such process", Guid.CreateVersion7().ToString(), elsewhere.Id, elsewhere.Name })
        {
            var missing = await Assert.ThrowsAsync<HangarApiException>(() => hangar.ResolveProcessIdAsync(ws, unknown));
            Assert.Equal((HttpStatusCode.NotFound, "not_found"), (missing.Status, missing.Code));
            Assert.Contains($"no process with the id or name '{unknown}'", missing.Message, StringComparison.Ordinal);
        }

        var robot = await Assert.ThrowsAsync<HangarApiException>(() => hangar.ResolveTaskPackageIdAsync(ws, elsewherePackage.Id));
        Assert.Equal("not_found", robot.Code);
        var group = await Assert.ThrowsAsync<HangarApiException>(() => hangar.ResolveWorkerGroupIdAsync(ws, elsewhereGroup.Name));
        Assert.Equal("not_found", group.Code);
    }

    [Fact]
    public async Task Resolve_ByName_WithAKeyThatMayNotListThem_ThrowsMissingPermission()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, _, group) = await SeedAsync(admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadProcesses);
        using var hangar = new HangarClient(Server.BaseAddress).WithApiKey(key);

        var byName = await Assert.ThrowsAsync<HangarApiException>(() => hangar.ResolveWorkerGroupIdAsync(ws, group.Name));
        var byId = await Assert.ThrowsAsync<HangarApiException>(() => hangar.ResolveWorkerGroupIdAsync(ws, group.Id));

        Assert.Equal((HttpStatusCode.Forbidden, "missing_permission"), (byName.Status, byName.Code));
        Assert.Equal((HttpStatusCode.Forbidden, "missing_permission"), (byId.Status, byId.Code));
    }

    private async Task<((string Id, string Name) Process, (string Id, string Name) Package, (string Id, string Name) Group)> SeedAsync(
        HttpClient admin, string ws)
    {
        var packageId = await Api.SeedPackageAsync(Server, ws, "Main");
        var packageName = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{packageId}"))["name"]!.GetValue<string>();
        var process = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = Api.Unique("process"), steps = new[] { new { name = "Main", task_package = new { id = packageId }, task = "Main" } },
        });
        var group = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = Api.Unique("group") });
        return ((process["id"]!.GetValue<string>(), process["name"]!.GetValue<string>()), (packageId, packageName),
            (group["id"]!.GetValue<string>(), group["name"]!.GetValue<string>()));
    }

    /// <summary>Notes each request's method and path on its way to the server.</summary>
    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
