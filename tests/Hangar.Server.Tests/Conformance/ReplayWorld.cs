using System.Text.RegularExpressions;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// A workspace with one of everything Robocorp's operations name (a completed run with a step run, an artifact,
/// console lines and an item; a worker, a group with a link token, a package, an asset with an upload, a webhook), and
/// for each operation the request Robocorp's document describes. Operations that delete or change an object get a
/// fresh one, so the order of the replay does not matter.
/// </summary>
internal sealed partial class ReplayWorld : IDisposable
{
    private readonly HangarTestServer _server;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (HttpClient Client, string Key)> _scoped = new(StringComparer.Ordinal);

    /// <summary>
    /// Permissions Hangar needs beyond Robocorp's, by operation, with why: the replay sends them too, so that the answer's
    /// shape is still checked. Making a link token needs the right to read vault values (issue 10): a linked worker
    /// receives run tokens, which read the vault.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BeyondRobocorp = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["createLinkToken"] = Permissions.ReadSecretValues,
        ["createWorkerGroupLinkToken"] = Permissions.ReadSecretValues,
        ["updateWorkerGroupLinkToken"] = Permissions.ReadSecretValues,
    };

    private ReplayWorld(HangarTestServer server, HttpClient admin)
    {
        _server = server;
        Admin = admin;
        Anonymous = server.CreateClient();
    }

    public HttpClient Admin { get; }
    public HttpClient Anonymous { get; }
    public HttpClient Key { get; private set; } = null!;
    public HttpClient Worker { get; private set; } = null!;

    private string Ws => _server.DefaultWorkspaceId;

    private string V1 => $"/api/v1/workspaces/{Ws}";

    public static async Task<ReplayWorld> CreateAsync(HangarTestServer server)
    {
        var world = new ReplayWorld(server, await server.LoginAsAdminAsync());
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        var (_, key) = await Api.NewKeyAsync(Admin, Ws, Permissions.All.Select(p => p.Name).ToArray());
        Key = Api.KeyClient(_server, key);
        _ids["workspace_id"] = Ws;
        var (workerId, worker) = await Workers.LinkAsync(_server, Admin, Ws);
        Worker = worker;
        _ids["worker_id"] = workerId;
        var process = await Workers.ProcessAsync(_server, Admin, Ws);
        _ids["process_id"] = process;
        var run = await RetentionRuns.CompletedWithFilesAsync(_server, Admin, worker, Ws, process);
        _ids["process_run_id"] = run.RunId;
        _ids["step_run_id"] = run.StepRunId;
        _ids["work_item_id"] = run.ItemId;
        _ids["artifact_id"] = (await Api.GetAsync(Key, $"{V1}/step-runs/{run.StepRunId}/artifacts"))["data"]![0]!["id"]!.GetValue<string>();
        _ids["task_package_id"] = await Api.SeedPackageAsync(_server, Ws, "Main");
        _ids["worker_group_id"] = await NewGroupAsync();
        _ids["link_token_id"] = await NewGroupTokenAsync(_ids["worker_group_id"]);
        _ids["asset_id"] = await NewAssetAsync();
        _ids["upload_id"] = (await Api.PostAsync(Key, $"{V1}/assets/{_ids["asset_id"]}/uploads", new { content_type = "text/plain" }))["id"]!
            .GetValue<string>();
        _ids["webhook_id"] = await NewWebhookAsync();
    }

    /// <summary>
    /// The client, path and body Robocorp's document describes for <paramref name="op"/>, on objects of this world; the
    /// client sends a key holding exactly the permissions Robocorp's document names for the operation.
    /// </summary>
    public async Task<Request> RequestForAsync(SpecDocument.Operation op)
    {
        var ids = new Dictionary<string, string>(_ids, StringComparer.Ordinal);
        object? body = null;
        var query = string.Empty;
        var permissions = (op.Node["security"]?[0]?["API Key with permissions"]?.AsArray() ?? []).Select(p => p!.GetValue<string>())
            .Concat(BeyondRobocorp.TryGetValue(op.Id, out var beyond) ? [beyond] : []).ToArray();
        // Where Robocorp names none, any key of the workspace will do; a key needs one permission, so one unrelated to the route.
        var (client, key) = await ScopedAsync(permissions.Length > 0 ? permissions : [Permissions.ReadWebhooks]);
        var later = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        switch (op.Id)
        {
            case "createLinkToken":
                body = new { expires_at = later };
                break;
            case "updateWorker":
                body = new { name = Api.Unique("worker") };
                break;
            case "deleteWorker":
                ids["worker_id"] = (await Workers.LinkAsync(_server, Admin, Ws)).Id;
                break;
            case "createWorkerGroup" or "updateWorkerGroup":
                body = new { name = Api.Unique("group") };
                break;
            case "deleteWorkerGroup":
                ids["worker_group_id"] = await NewGroupAsync();
                break;
            case "addWorkerToGroup":
                ids["worker_group_id"] = await NewGroupAsync();
                body = new { worker = new { id = _ids["worker_id"] } };
                break;
            case "removeWorkerFromGroup":
                ids["worker_group_id"] = await NewGroupAsync();
                await Api.PutAsync(Key, $"{V1}/worker-groups/{ids["worker_group_id"]}/workers", new { worker = new { id = _ids["worker_id"] } });
                break;
            case "createWorkerGroupLinkToken" or "updateWorkerGroupLinkToken":
                body = new { name = Api.Unique("token"), expires_at = later };
                break;
            case "deleteWorkerGroupLinkToken":
                ids["link_token_id"] = await NewGroupTokenAsync(_ids["worker_group_id"]);
                break;
            case "startProcessRunQsAuth":
                client = Anonymous;
                query = $"?token={Uri.EscapeDataString(key)}";
                body = new { order = 1 };
                break;
            case "startProcessRun":
                body = new { type = "with_payloads", payloads = new object[] { new { order = 1 } } };
                break;
            case "stopProcessRun":
                ids["process_run_id"] = await Workers.StartAsync(Key, Ws, _ids["process_id"], new { n = 1 });
                body = new { set_remaining_work_items_as_done = true, terminate_ongoing_activity_runs = true, reason = "replayed" };
                break;
            case "deleteProcessRun":
                ids["process_run_id"] = await Workers.StartAsync(Key, Ws, _ids["process_id"], new { n = 1 });
                await Api.PostAsync(Key, $"{V1}/process-runs/{ids["process_run_id"]}/stop",
                    new { set_remaining_work_items_as_done = true, terminate_ongoing_activity_runs = true });
                break;
            case "runWorkItemBatchOperation":
                body = new { batch_operation = "delete", work_item_ids = new[] { await NewWorkItemAsync() } };
                break;
            case "createWorkItem":
                body = new { process = new { id = _ids["process_id"] }, payload = new { order = 1 } };
                break;
            case "createWorkItemFile":
                body = new { file_name = "invoice.pdf", file_size = 1024 };
                break;
            case "updateWorkItemPayload":
                ids["work_item_id"] = await NewWorkItemAsync();
                body = new { payload = new { order = 2 } };
                break;
            case "createTaskPackage":
                body = new { name = Api.Unique("package") };
                break;
            case "deleteTaskPackage":
                ids["task_package_id"] = (await Api.PostAsync(Key, $"{V1}/task-packages", new { name = Api.Unique("package") }))["id"]!.GetValue<string>();
                break;
            case "createAsset":
                body = new { name = Api.Unique("asset") };
                break;
            case "deleteAsset":
                ids["asset_id"] = await NewAssetAsync();
                break;
            case "createAssetUpload":
                ids["asset_id"] = await NewAssetAsync();
                body = new { content_type = "text/plain" };
                break;
            case "createWebhook":
                body = new { endpoint = "https://hooks.example.com/hangar", enabled_events = new[] { "process_run.completed" }, process = new { id = _ids["process_id"] } };
                break;
            case "deleteWebhook":
                ids["webhook_id"] = await NewWebhookAsync();
                break;
            case "listStepRuns":
                query = $"?process_run_id={_ids["process_run_id"]}";
                break;
            case "getWorkItem":
                query = "?include_data=true";
                break;
            default:
                break;
        }

        var path = "/api/v1" + Placeholder().Replace(op.Path, m => Uri.EscapeDataString(ids[m.Groups[1].Value])) + query;
        return new Request(client, path, body);
    }

    private async Task<(HttpClient Client, string Key)> ScopedAsync(string[] permissions)
    {
        var name = string.Join(",", permissions);
        if (!_scoped.TryGetValue(name, out var scoped))
        {
            var (_, key) = await Api.NewKeyAsync(Admin, Ws, permissions);
            scoped = (Api.KeyClient(_server, key), key);
            _scoped[name] = scoped;
        }

        return scoped;
    }

    private async Task<string> NewGroupAsync() =>
        (await Api.PostAsync(Key, $"{V1}/worker-groups", new { name = Api.Unique("group") }))["id"]!.GetValue<string>();

    private async Task<string> NewGroupTokenAsync(string groupId) =>
        (await Api.PostAsync(Admin, $"{V1}/worker-groups/{groupId}/link-tokens", new { name = "t", expires_at = DateTimeOffset.UtcNow.AddHours(1) }))["id"]!
        .GetValue<string>();

    private async Task<string> NewAssetAsync() => (await Api.PostAsync(Key, $"{V1}/assets", new { name = Api.Unique("asset") }))["id"]!.GetValue<string>();

    private async Task<string> NewWebhookAsync() =>
        (await Webhooks.CreateAsync(Admin, Ws, "https://hooks.example.com/hangar", ["process_run.completed"])).Id;

    private async Task<string> NewWorkItemAsync() =>
        (await Api.PostAsync(Key, $"{V1}/work-items", new { process = new { id = _ids["process_id"] }, payload = new { order = 1 } }))["id"]!.GetValue<string>();

    public void Dispose()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        Key.Dispose();
        Worker.Dispose();
        foreach (var (client, _) in _scoped.Values)
        {
            client.Dispose();
        }
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    internal sealed record Request(HttpClient Client, string Path, object? Body);
}
