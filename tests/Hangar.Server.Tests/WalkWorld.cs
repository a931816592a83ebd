using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// One of every object a route can name (a run with a robot in it, a claimed step run, a work item with a file, an
/// asset, a secret, keys, workers, users...) and a client with the right credential for each kind of route, so that a
/// walk over the OpenAPI documents reaches each handler's own code rather than stopping at a 404 or a 401.
/// </summary>
internal sealed partial class WalkWorld : IDisposable
{
    private readonly HangarTestServer _server;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private string _workerStepRunId = string.Empty;
    private string _credential = string.Empty;
    private string _processSecret = string.Empty;

    private WalkWorld(HangarTestServer server, HttpClient admin)
    {
        _server = server;
        Admin = admin;
        Anonymous = server.CreateClient();
    }

    public HttpClient Admin { get; }
    public HttpClient Anonymous { get; }
    public HttpClient Key { get; private set; } = null!;
    public Robot Robot { get; private set; } = null!;
    public HttpClient Worker { get; private set; } = null!;
    public HttpClient Vended { get; private set; } = null!;

    public string WorkspaceId => _server.DefaultWorkspaceId;

    public static async Task<WalkWorld> CreateAsync(HangarTestServer server)
    {
        var world = new WalkWorld(server, await server.LoginAsAdminAsync());
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        var ws = WorkspaceId;
        var admin = Admin;
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.All.Select(p => p.Name).ToArray());
        Key = Api.KeyClient(_server, key);
        _ids["workspace_id"] = ws;
        // The routes about one key, one credential name other ones than the walk's own, which they may delete.
        _ids["api_key_id"] = (await Api.NewKeyAsync(admin, ws, Permissions.ReadRuns)).Id;

        var process = await Workers.ProcessAsync(_server, admin, ws);
        _ids["process_id"] = process;
        _ids["schedule_id"] = (await Schedules.CreateAsync(admin, ws, process, new { cron = "0 3 * * *", enabled = false }))["id"]!.GetValue<string>();
        _ids["webhook_id"] = (await Webhooks.CreateAsync(admin, ws, "https://webhooks.example.com/hangar", ["process_run.completed"])).Id;
        _ids["delivery_id"] = Guid.CreateVersion7().ToString();
        var run = await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 }, new { n = 3 });
        _ids["process_run_id"] = run;
        Robot = await Robot.StartAsync(_server, ws, process, run);
        _ids["step_run_id"] = Robot.StepRunId;
        var item = (await Robot.ReserveAsync())!;
        _ids["work_item_id"] = item;
        await Robot.AddFileAsync(item, "seen.txt", "content"u8.ToArray());
        var files = await Api.GetAsync(Robot.Http, $"{Robot.Wi}{item}/files");
        _ids["file_id"] = files[0]!["fileId"]!.GetValue<string>();
        _ids["artifact_id"] = Guid.CreateVersion7().ToString();
        _ids["file_name"] = "out.txt";

        var package = await Api.SeedPackageAsync(_server, ws, "Main");
        _ids["task_package_id"] = package;
        _ids["robot_id"] = package;

        var asset = await Api.PostAsync(Key, $"/api/v1/workspaces/{ws}/assets", new { name = Api.Unique("asset") });
        _ids["asset_id"] = asset["id"]!.GetValue<string>();
        var upload = await Api.PostAsync(Key, $"/api/v1/workspaces/{ws}/assets/{_ids["asset_id"]}/uploads", new { content_type = "text/plain" });
        _ids["upload_id"] = upload["id"]!.GetValue<string>();

        var secret = Api.Unique("secret");
        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/vault/secrets", new { name = secret, value = new { a = "b" } });
        _ids["name_or_id"] = secret;
        _ids["secret_name"] = secret;

        var group = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = Api.Unique("group") });
        _ids["worker_group_id"] = group["id"]!.GetValue<string>();
        var token = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups/{_ids["worker_group_id"]}/link-tokens",
            new { name = "t", expires_at = (string?)null });
        _ids["link_token_id"] = token["id"]!.GetValue<string>();
        var (workerId, worker) = await Workers.LinkAsync(_server, admin, ws);
        Worker = worker;
        _ids["worker_id"] = workerId;
        await Workers.StartAsync(admin, ws, process, new { n = 4 });
        using (var claim = await Workers.ClaimAsync(worker))
        {
            _workerStepRunId = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();
        }

        var (userId, user) = await Api.NewUserAsync(_server, admin);
        user.Dispose();
        _ids["user_id"] = userId;
        _ids["organization_id"] = (await Api.GetAsync(admin, "/api/v1/organizations"))["data"]![0]!["id"]!.GetValue<string>();
        // An invitation of another user to the admin's organization (the admin's own answers to it are 404s, which is fine).
        var (inviteeId, invitee) = await Api.NewUserAsync(_server, admin);
        invitee.Dispose();
        var organization = await Api.PostAsync(admin, "/api/v1/organizations", new { name = Api.Unique("org") });
        _ids["invitation_id"] = (await Api.PostAsync(admin, $"/api/v1/organizations/{organization["id"]!.GetValue<string>()}/invitations",
            new { user = new { id = inviteeId } }))["id"]!.GetValue<string>();
        var credential = await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = Api.Unique("rcc") });
        _credential = credential["credential"]!.GetValue<string>();
        _ids["credential_id"] = (await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = Api.Unique("other") }))["id"]!
            .GetValue<string>();
        Vended = Rcc.BearerClient(_server, await Rcc.VendAsync(_server, _credential, ws, "edit/robot"));
        // The vault's transit key is made on first use (RSA-4096, seconds of CPU): once here, not by three reads at once.
        using (var transitKey = await Robot.Http.GetAsync($"/secrets-v1/workspaces/{ws}/secrets/publicKey"))
        {
            transitKey.EnsureSuccessStatusCode();
        }

        _processSecret = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/process-secret", new { }))["secret"]!
            .GetValue<string>();
    }

    /// <summary>The route's path with every placeholder naming a real object (the worker surface: the worker's own step run).</summary>
    public string Fill(string path) => Placeholder().Replace(path, m =>
    {
        var name = m.Value[1..^1];
        return name == "step_run_id" && path.StartsWith("/worker-v1", StringComparison.Ordinal)
            ? _workerStepRunId
            : Uri.EscapeDataString(_ids.TryGetValue(name, out var id) ? id : throw new InvalidOperationException($"No object for {m.Value} in {path}"));
    });

    /// <summary>The client whose credential the route's access line (from the OpenAPI document) asks for.</summary>
    public HttpClient ClientFor(string access) => access switch
    {
        _ when access.StartsWith("No authentication", StringComparison.Ordinal) => Anonymous,
        _ when access.Contains("robot's run token", StringComparison.Ordinal) => Robot.Http,
        _ when access.Contains("linked worker", StringComparison.Ordinal) => Worker,
        _ when access.Contains("signed with an access credential", StringComparison.Ordinal) => Anonymous,
        _ when access.Contains("vended to an access credential", StringComparison.Ordinal) => Vended,
        _ when access.Contains("process's own secret", StringComparison.Ordinal) => Anonymous,
        _ when access.StartsWith("Permission:", StringComparison.Ordinal) || access.StartsWith("Any credential", StringComparison.Ordinal) => Key,
        _ => Admin,
    };

    /// <summary>Adds what the route's access line asks for beyond a client's own headers: a request signature or the process secret.</summary>
    public void Authorize(HttpRequestMessage request, string access, byte[] body)
    {
        if (access.Contains("signed with an access credential", StringComparison.Ordinal))
        {
            var parts = _credential.Split(':', 2);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var signature = RequestSignature.Compute(parts[1], request.Method.Method, request.RequestUri!.OriginalString.Split('?')[0], timestamp, body);
            request.Headers.TryAddWithoutValidation("Authorization", $"{RequestSignature.Scheme} {parts[0]} {signature}");
            request.Headers.TryAddWithoutValidation(RequestSignature.TimestampHeader, timestamp);
        }
        else if (access.Contains("process's own secret", StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("robocloud-process-secret", _processSecret);
        }
    }

    /// <summary>A fresh signed upload (one use each) for a work-item file, as the query of <c>/blobs/upload</c>.</summary>
    public async Task<string> UploadQueryAsync()
    {
        var link = await Api.PostAsync(Key, $"/api/v1/workspaces/{WorkspaceId}/work-items/{_ids["work_item_id"]}/files/upload",
            new { file_name = "walk.bin", file_size = 16 });
        var form = link["form_data"]!.AsObject();
        return $"?policy={Uri.EscapeDataString(form["policy"]!.GetValue<string>())}&signature={Uri.EscapeDataString(form["signature"]!.GetValue<string>())}";
    }

    /// <summary>The signed download URL of the work item's file, as the query of <c>/blobs/download</c>.</summary>
    public async Task<string> DownloadQueryAsync()
    {
        var url = (await Api.GetAsync(Robot.Http, $"{Robot.Wi}{_ids["work_item_id"]}/files/{_ids["file_id"]}"))["url"]!.GetValue<string>();
        return new Uri(url).Query;
    }

    public void Dispose()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        Key.Dispose();
        Robot.Dispose();
        Worker.Dispose();
        Vended.Dispose();
    }

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex Placeholder();
}
