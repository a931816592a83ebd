using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public class ProcessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task Process_IsCreatedReadChangedListedAndDeleted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var package = await Api.SeedPackageAsync(Server, Ws, "Extract", "Load");
        var name = Api.Unique("Invoices");
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new
        {
            name,
            description = "Monthly invoices",
            steps = new object[]
            {
                new { name = "Extract", task_package = new { id = package }, task = "Extract", timeout_seconds = 600, max_parallel = 3 },
                new { task_package = new { id = package }, task = "Load" },
            },
            default_payload = new { month = "2026-11" },
        });
        var id = created["id"]!.GetValue<string>();
        var steps = created["steps"]!.AsArray();
        Assert.Equal(2, steps.Count);
        Assert.Equal(3, steps[0]!["max_parallel"]!.GetValue<int>());
        Assert.Equal("Load", steps[1]!["name"]!.GetValue<string>());
        Assert.Equal(3600, steps[1]!["timeout_seconds"]!.GetValue<int>());
        Assert.Equal("2026-11", created["default_payload"]!["month"]!.GetValue<string>());

        var listed = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes?limit=500");
        var row = listed["data"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(["id", "name", "created_at"], row.AsObject().Select(p => p.Key));

        var changed = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{id}", new Dictionary<string, object?>
        {
            ["name"] = name + " v2",
            ["steps"] = new[] { new { task_package = new { id = package }, task = "Load" } },
            ["default_payload"] = null,
        });
        Assert.Equal(name + " v2", changed["name"]!.GetValue<string>());
        Assert.Single(changed["steps"]!.AsArray());
        Assert.Null(changed["default_payload"]);
        Assert.Equal("Monthly invoices", changed["description"]!.GetValue<string>());

        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{id}"))
        {
            await Api.OkJsonAsync(delete);
        }

        using var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/processes/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Steps_AreValidated_AndNothingIsCreatedOnARefusal()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var package = await Api.SeedPackageAsync(Server, Ws, "Main");
        var cases = new (object Step, HttpStatusCode Status, string Code)[]
        {
            (new { task_package = new { id = Guid.CreateVersion7() }, task = "Main" }, HttpStatusCode.NotFound, "task_package_not_found"),
            (new { task_package = new { id = package }, task = "Missing" }, HttpStatusCode.BadRequest, "unknown_task"),
            (new { task_package = new { id = package }, task = "Main", worker_group = new { id = Guid.CreateVersion7() } }, HttpStatusCode.NotFound, "worker_group_not_found"),
            (new { task_package = new { id = package }, task = "Main", max_parallel = 0 }, HttpStatusCode.BadRequest, "out_of_range"),
            (new { task_package = new { id = package }, task = "Main", timeout_seconds = -5 }, HttpStatusCode.BadRequest, "out_of_range"),
            (new { task_package = new { id = package } }, HttpStatusCode.BadRequest, "invalid_name"),
        };
        var before = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes?limit=500"))["data"]!.AsArray().Count;
        foreach (var (step, status, code) in cases)
        {
            using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes", Json.Body(new { name = Api.Unique("p"), steps = new[] { step } }));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }

        Assert.Equal(before, (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes?limit=500"))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task ProcessNames_AreUniqueInAWorkspace()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("Same");
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new { name });
        using var twin = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes", Json.Body(new { name }));
        Assert.Equal(HttpStatusCode.Conflict, twin.StatusCode);
        Assert.Equal("name_taken", await Json.ErrorCodeAsync(twin));
    }
}
