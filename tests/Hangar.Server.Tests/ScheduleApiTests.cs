using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The schedule routes of a process over HTTP: shapes, validation and who may use them.</summary>
public class ScheduleApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task Schedule_IsCreatedReadChangedListedAndDeleted_AndEachChangeIsAudited()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = Schedules.Path(Ws, process);

        var created = await Schedules.CreateAsync(admin, Ws, process, new
        {
            cron = "0 9 * * 1-5", timezone = "Europe/Berlin", payload = new { report = "daily" }, overlap = "allow", catch_up = "once",
        });
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(process, created["process"]!["id"]!.GetValue<string>());
        Assert.Equal("0 9 * * 1-5", created["cron"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", created["timezone"]!.GetValue<string>());
        Assert.True(created["enabled"]!.GetValue<bool>());
        Assert.Equal("daily", created["payload"]!["report"]!.GetValue<string>());
        Assert.Equal("allow", created["overlap"]!.GetValue<string>());
        Assert.Equal("once", created["catch_up"]!.GetValue<string>());
        Assert.Null(created["last_fire"]);
        var times = created["next_fire_times"]!.AsArray().Select(t => t!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(5, times.Count);
        Assert.All(times, t => Assert.True(t > DateTimeOffset.UtcNow));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(times, t =>
        {
            var local = TimeZoneInfo.ConvertTime(t, berlin);
            Assert.Equal((9, 0), (local.Hour, local.Minute));
            Assert.InRange((int)local.DayOfWeek, 1, 5);
        });
        Assert.Equal(times.OrderBy(t => t), times);

        var read = await Api.GetAsync(admin, $"{path}/{id}");
        Assert.Equal(created.ToJsonString(), read.ToJsonString());

        var changed = await Api.PutAsync(admin, $"{path}/{id}", new Dictionary<string, object?> { ["enabled"] = false, ["payload"] = null });
        Assert.False(changed["enabled"]!.GetValue<bool>());
        Assert.Null(changed["payload"]);
        Assert.Empty(changed["next_fire_times"]!.AsArray());
        Assert.Equal("0 9 * * 1-5", changed["cron"]!.GetValue<string>());
        Assert.Equal("allow", changed["overlap"]!.GetValue<string>());

        var enabled = await Api.PutAsync(admin, $"{path}/{id}", new { enabled = true, cron = "*/15 * * * *", timezone = "UTC", overlap = "skip" });
        Assert.Equal("skip", enabled["overlap"]!.GetValue<string>());
        Assert.Equal("once", enabled["catch_up"]!.GetValue<string>());
        Assert.All(enabled["next_fire_times"]!.AsArray(), t => Assert.Equal(0, t!.GetValue<DateTimeOffset>().Minute % 15));

        var second = await Schedules.CreateAsync(admin, Ws, process, new { cron = "30 0 0 1 * *" });
        Assert.Equal("UTC", second["timezone"]!.GetValue<string>());
        Assert.Equal("skip", second["overlap"]!.GetValue<string>());
        Assert.Equal("skip", second["catch_up"]!.GetValue<string>());
        Assert.Null(second["payload"]);
        Assert.All(second["next_fire_times"]!.AsArray(), t => Assert.Equal((1, 0, 0, 30), (t!.GetValue<DateTimeOffset>().Day,
            t.GetValue<DateTimeOffset>().Hour, t.GetValue<DateTimeOffset>().Minute, t.GetValue<DateTimeOffset>().Second)));

        var listed = await Api.GetAsync(admin, path);
        Assert.Equal([id, second["id"]!.GetValue<string>()], listed["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.All(listed["data"]!.AsArray(), s => Assert.Equal(5, s!["next_fire_times"]!.AsArray().Count));

        var deleted = await Api.DeleteJsonAsync(admin, $"{path}/{id}");
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        using (var gone = await admin.GetAsync($"{path}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?limit=500");
        var actions = audit["data"]!.AsArray().Where(e => e!["target"]?["id"]?.GetValue<string>() == id).Select(e => e!["action"]!.GetValue<string>());
        Assert.Equal(["schedule.deleted", "schedule.updated", "schedule.updated", "schedule.created"], actions);
    }

    [Theory]
    [InlineData("{\"cron\": \"0 9 * *\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"0 0 9 * * * *\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"61 * * * *\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"H * * * *\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"0 0 30 2 *\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"\"}", "invalid_cron")]
    [InlineData("{\"timezone\": \"UTC\"}", "invalid_cron")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"timezone\": \"Mars/Olympus\"}", "invalid_timezone")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"timezone\": \"Eastern Standard Time\"}", "invalid_timezone")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"timezone\": \"../../etc/passwd\"}", "invalid_timezone")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"overlap\": \"queue\"}", "invalid_overlap")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"catch_up\": \"all\"}", "invalid_catch_up")]
    [InlineData("{\"cron\": \"0 9 * * *\", \"enabled\": \"yes\"}", "invalid_json")]
    [InlineData("{\"cron\": \"0 9 * * *\"", "invalid_json")]
    [InlineData("[]", "invalid_json")]
    public async Task Create_RefusesABadBody_WithAClearCode_AndCreatesNothing(string body, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var response = await admin.PostAsync(Schedules.Path(Ws, process), Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, Schedules.Path(Ws, process)))["data"]!.AsArray());
    }

    [Fact]
    public async Task Update_RefusesABadCronOrTimeZone_AndKeepsTheSchedule()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var id = (await Schedules.CreateAsync(admin, Ws, process, new { cron = "0 9 * * *" }))["id"]!.GetValue<string>();
        var path = $"{Schedules.Path(Ws, process)}/{id}";
        foreach (var (body, code) in new (object, string)[] { (new { cron = "every day" }, "invalid_cron"), (new { timezone = "Nowhere" }, "invalid_timezone") })
        {
            using var response = await admin.PutAsync(path, Json.Body(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }

        var kept = await Api.GetAsync(admin, path);
        Assert.Equal(("0 9 * * *", "UTC"), (kept["cron"]!.GetValue<string>(), kept["timezone"]!.GetValue<string>()));
    }

    [Fact]
    public async Task APayloadOverTheTriggerLimit_IsRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var response = await admin.PostAsync(Schedules.Path(Ws, process),
            Json.Body(new { cron = "0 9 * * *", payload = new { text = new string('x', 1024 * 1024 + 1) } }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task UnknownIds_AreNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var unknown = Guid.CreateVersion7().ToString();
        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, Schedules.Path(Ws, unknown), null),
            (HttpMethod.Post, Schedules.Path(Ws, unknown), new { cron = "0 9 * * *" }),
            (HttpMethod.Get, $"{Schedules.Path(Ws, process)}/{unknown}", null),
            (HttpMethod.Put, $"{Schedules.Path(Ws, process)}/{unknown}", new { enabled = false }),
            (HttpMethod.Delete, $"{Schedules.Path(Ws, process)}/{unknown}", null),
            (HttpMethod.Get, $"{Schedules.Path(Ws, process)}/not-an-id", null),
        };
        foreach (var (method, path, body) in requests)
        {
            // A DELETE signed in with the cookie is sent as JSON, as every JSON client sends it (a cross-site form cannot).
            using var request = new HttpRequestMessage(method, path)
            {
                Content = body is not null ? Json.Body(body) : method == HttpMethod.Delete ? Json.Body(string.Empty) : null,
            };
            using var response = await admin.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("not_found", await Json.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task AScheduleOfAnotherProcess_IsNotFoundUnderThisOne()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var other = await Api.NewProcessAsync(Server, admin);
        var id = (await Schedules.CreateAsync(admin, Ws, other, new { cron = "0 9 * * *" }))["id"]!.GetValue<string>();
        using var response = await admin.GetAsync($"{Schedules.Path(Ws, process)}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var delete = await Api.DeleteAsync(admin, $"{Schedules.Path(Ws, process)}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        await Api.GetAsync(admin, $"{Schedules.Path(Ws, other)}/{id}");
    }

    [Fact]
    public async Task AKeyOfAnotherWorkspace_SeesNoSchedules()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var id = (await Schedules.CreateAsync(admin, Ws, process, new { cron = "0 9 * * *" }))["id"]!.GetValue<string>();
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, key) = await Api.NewKeyAsync(admin, other, Permissions.AllNames.ToArray());
        using var foreign = Api.KeyClient(Server, key);
        foreach (var path in new[] { Schedules.Path(Ws, process), $"{Schedules.Path(Ws, process)}/{id}", Schedules.Path(other, process),
                     $"{Schedules.Path(other, process)}/{id}" })
        {
            using var response = await foreign.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)response.StatusCode}");
        }

        using var delete = await foreign.DeleteAsync($"{Schedules.Path(other, process)}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        await Api.GetAsync(admin, $"{Schedules.Path(Ws, process)}/{id}");
    }

    [Fact]
    public async Task Reading_NeedsReadProcesses_AndChanging_NeedsWriteProcesses()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var id = (await Schedules.CreateAsync(admin, Ws, process, new { cron = "0 9 * * *" }))["id"]!.GetValue<string>();
        var (_, readerKey) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadProcesses, Permissions.TriggerProcesses);
        using var reader = Api.KeyClient(Server, readerKey);
        await Api.GetAsync(reader, Schedules.Path(Ws, process));
        await Api.GetAsync(reader, $"{Schedules.Path(Ws, process)}/{id}");
        using (var create = await reader.PostAsync(Schedules.Path(Ws, process), Json.Body(new { cron = "0 9 * * *" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(create));
        }

        using (var delete = await reader.DeleteAsync($"{Schedules.Path(Ws, process)}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }

        var (_, blindKey) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        using var blind = Api.KeyClient(Server, blindKey);
        using var list = await blind.GetAsync(Schedules.Path(Ws, process));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Contains(Permissions.ReadProcesses, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingASchedule_AlsoNeedsTheRightToStartRuns()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var id = (await Schedules.CreateAsync(admin, Ws, process, new { cron = "0 9 * * *" }))["id"]!.GetValue<string>();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadProcesses, Permissions.WriteProcesses);
        using var writer = Api.KeyClient(Server, key);
        using (var create = await writer.PostAsync(Schedules.Path(Ws, process), Json.Body(new { cron = "* * * * * *" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Contains(Permissions.TriggerProcesses, await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var update = await writer.PutAsync($"{Schedules.Path(Ws, process)}/{id}", Json.Body(new { cron = "* * * * * *" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        }

        // Deleting starts nothing: the process's writers may do it.
        await Api.DeleteJsonAsync(writer, $"{Schedules.Path(Ws, process)}/{id}");
    }

    [Fact]
    public async Task Routes_RefuseRequestsWithoutAValidCredential()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var anonymous = Server.CreateClient();
        using var wrong = Api.KeyClient(Server, "hgk_not-a-real-key-at-all-000000000000");
        foreach (var client in new[] { anonymous, wrong })
        {
            foreach (var path in new[] { Schedules.Path(Ws, process), "/api/v1/schedule-preview?cron=0+9+*+*+*" })
            {
                using var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task AProcessHasAtMostAHundredSchedules()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        for (var i = 0; i < 100; i++)
        {
            await Schedules.CreateAsync(admin, Ws, process, new { cron = $"{i % 60} {i / 60} * * *", enabled = false });
        }

        using var response = await admin.PostAsync(Schedules.Path(Ws, process), Json.Body(new { cron = "0 9 * * *" }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("too_many_schedules", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Preview_ListsTheNextTimesInTheTimeZone_ForAnyCredential()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        using var keyClient = Api.KeyClient(Server, key);
        foreach (var client in new[] { admin, keyClient })
        {
            var preview = await Api.GetAsync(client, "/api/v1/schedule-preview?cron=30+2+*+*+*&timezone=America/New_York&count=12");
            Assert.Equal("30 2 * * *", preview["cron"]!.GetValue<string>());
            Assert.Equal("America/New_York", preview["timezone"]!.GetValue<string>());
            var times = preview["next_fire_times"]!.AsArray().Select(t => t!.GetValue<DateTimeOffset>()).ToList();
            Assert.Equal(12, times.Count);
            Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));
        }

        var defaults = await Api.GetAsync(admin, "/api/v1/schedule-preview?cron=@hourly");
        Assert.Equal("UTC", defaults["timezone"]!.GetValue<string>());
        Assert.All(defaults["next_fire_times"]!.AsArray(), t => Assert.Equal(0, t!.GetValue<DateTimeOffset>().Minute));
        Assert.Equal(5, defaults["next_fire_times"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/api/v1/schedule-preview", "invalid_cron")]
    [InlineData("/api/v1/schedule-preview?cron=nonsense", "invalid_cron")]
    [InlineData("/api/v1/schedule-preview?cron=0+9+*+*+*&timezone=Atlantis", "invalid_timezone")]
    [InlineData("/api/v1/schedule-preview?cron=0+9+*+*+*&count=0", "invalid_count")]
    [InlineData("/api/v1/schedule-preview?cron=0+9+*+*+*&count=51", "invalid_count")]
    [InlineData("/api/v1/schedule-preview?cron=0+9+*+*+*&count=five", "invalid_count")]
    public async Task Preview_RefusesBadInput(string path, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }
}
