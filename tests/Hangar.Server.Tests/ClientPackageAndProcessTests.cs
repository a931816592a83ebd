using Hangar.Client;
using Hangar.Contracts.V1;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The typed .NET client's robots (task packages) and processes, against the real server.</summary>
public class ClientPackageAndProcessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Client_UploadsVersions_WithProgress_AndMakesListsAndDeletesAProcessOfThem()
    {
        using var client = await KeyClientAsync(Permissions.ReadTaskPackages, Permissions.WriteTaskPackages, Permissions.ReadProcesses, Permissions.WriteProcesses);
        var ws = Server.DefaultWorkspaceId;
        var package = await client.CreateTaskPackageAsync(ws, Api.Unique("sdk"));
        var zip = RobotZips.Valid("one");
        var reported = new List<long>();

        var first = await client.UploadTaskPackageAsync(ws, package.Id, new MemoryStream(zip), new Recorder(reported));
        var second = await client.UploadTaskPackageAsync(ws, package.Id, new MemoryStream(RobotZips.Valid("two")));

        Assert.Equal((1, 2), (first.Number, second.Number));
        Assert.Equal(["Run all tasks", "Produce data"], first.Tasks);
        Assert.Equal(zip.Length, reported[^1]);
        Assert.Equal([2, 1], await client.ListTaskPackageVersionsAsync(ws, package.Id).Select(v => v.Number).ToListAsync());
        Assert.Equal(2, (await client.GetTaskPackageAsync(ws, package.Id)).LatestVersion!.Number);
        Assert.Contains(await client.ListTaskPackagesAsync(ws).ToListAsync(), p => p.Id == package.Id);

        var step = new StepRequest(null, new IdRef(package.Id), null, "Produce data", null, 60, null, null);
        var process = await client.CreateProcessAsync(ws, new CreateProcessRequest(Api.Unique("sdk"), "made by the SDK", [step], null));
        Assert.Equal("Produce data", (await client.GetProcessAsync(ws, process.Id)).Steps.Single().Task);
        Assert.Contains(await client.ListProcessesAsync(ws).ToListAsync(), p => p.Id == process.Id && p.Name == process.Name);
        Assert.True((await client.DeleteProcessAsync(ws, process.Id)).Deleted);
        Assert.True((await client.DeleteTaskPackageAsync(ws, package.Id)).Deleted);

        var gone = await Assert.ThrowsAsync<HangarApiException>(() => client.GetProcessAsync(ws, process.Id));
        Assert.Equal("not_found", gone.Code);
    }

    [Fact]
    public async Task Client_UploadOfABrokenZip_ThrowsTheServersCode_AndAddsNoVersion()
    {
        using var client = await KeyClientAsync(Permissions.ReadTaskPackages, Permissions.WriteTaskPackages);
        var ws = Server.DefaultWorkspaceId;
        var package = await client.CreateTaskPackageAsync(ws, Api.Unique("sdk"));

        var refused = await Assert.ThrowsAsync<HangarApiException>(() =>
            client.UploadTaskPackageAsync(ws, package.Id, new MemoryStream(RobotZips.Build(("main.py", "print(1)")))));

        Assert.Equal("missing_robot_yaml", refused.Code);
        Assert.Null((await client.GetTaskPackageAsync(ws, package.Id)).LatestVersion);
    }

    [Fact]
    public async Task Client_WithoutWritePermission_IsRefusedTheUploadLink()
    {
        using var writer = await KeyClientAsync(Permissions.WriteTaskPackages);
        var package = await writer.CreateTaskPackageAsync(Server.DefaultWorkspaceId, Api.Unique("sdk"));
        using var reader = await KeyClientAsync(Permissions.ReadTaskPackages);

        var refused = await Assert.ThrowsAsync<HangarApiException>(() =>
            reader.UploadTaskPackageAsync(Server.DefaultWorkspaceId, package.Id, new MemoryStream(RobotZips.Valid())));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("missing_permission", refused.Code);
    }

    private async Task<HangarClient> KeyClientAsync(params string[] permissions)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Server.DefaultWorkspaceId, permissions);
        return new HangarClient(Server.BaseAddress).WithApiKey(key);
    }

    private sealed class Recorder(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }
}
