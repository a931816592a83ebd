using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// Plays the worker's part around a robot (the step run goes in progress, a run token is minted) and then the robot's
/// own calls, on the paths robocorp-workitems builds from the RC_* variables.
/// </summary>
internal sealed class Robot(HangarTestServer server, string workspaceId, string processId, string runId, string stepRunId, string token) : IDisposable
{
    public HttpClient Http { get; } = Bearer(server, token);
    public string Token => token;
    public string StepRunId => stepRunId;

    /// <summary>RC_API_PROCESS_HOST + process-v1/workspaces/{ws}/processes/{RC_PROCESS_ID}/</summary>
    public string Pr => $"/process-v1/workspaces/{workspaceId}/processes/{processId}/";

    /// <summary>RC_API_WORKITEM_HOST + json-v1/workspaces/{ws}/workitems/</summary>
    public string Wi => $"/json-v1/workspaces/{workspaceId}/workitems/";

    public string Run => $"{Pr}runs/{runId}/robotRuns/{stepRunId}/";

    /// <summary>Sets the run's first open step run in progress, as a worker's claim will, and mints its run token.</summary>
    public static async Task<Robot> StartAsync(HangarTestServer server, string workspaceId, string processId, string runId)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var stepRun = (await runs.ListOpenStepRunsAsync(runId, CancellationToken.None)).OrderBy(s => s.Number)
            .First(s => s.State == StepRunState.AwaitingWorker);
        stepRun.State = RunTransitions.Move(stepRun.State, StepRunState.InProgress);
        stepRun.StartedAt = DateTimeOffset.UtcNow;
        await runs.SaveAsync(CancellationToken.None);
        var (token, _) = server.App.Services.GetRequiredService<RunTokens>().Issue(stepRun, TimeSpan.FromMinutes(30));
        return new Robot(server, workspaceId, processId, runId, stepRun.Id, token);
    }

    /// <summary>Ends the step run, as the worker does when the robot exits.</summary>
    public async Task EndAsync()
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var stepRun = (await runs.ListOpenStepRunsAsync(runId, CancellationToken.None)).Single(s => s.Id == stepRunId);
        stepRun.State = RunTransitions.Move(stepRun.State, StepRunState.Completed);
        stepRun.EndedAt = DateTimeOffset.UtcNow;
        await runs.SaveAsync(CancellationToken.None);
    }

    public async Task<string?> ReserveAsync()
    {
        using var response = await Http.PostAsync($"{Run}reserve-next-work-item", null);
        var body = await Api.OkJsonAsync(response);
        Assert.True(body.AsObject().ContainsKey("workItemId"));
        return body["workItemId"]?.GetValue<string>();
    }

    public Task<HttpResponseMessage> ReleaseAsync(string itemId, string state, object? exception = null) =>
        Http.PostAsync($"{Run}release-work-item", Json.Body(exception is null
            ? new { workItemId = itemId, state }
            : (object)new { workItemId = itemId, state, exception }));

    /// <summary>robocorp-workitems' payload load: a 404 means an item without payload, read as {}.</summary>
    public async Task<JsonNode> PayloadAsync(string itemId)
    {
        using var response = await Http.GetAsync($"{Wi}{itemId}/data");
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? new JsonObject() : await Api.OkJsonAsync(response);
    }

    public async Task<string> CreateOutputAsync(string parentId, object? payload) =>
        (await Api.PostAsync(Http, $"{Pr}work-items/{parentId}/output", new { payload }))["id"]!.GetValue<string>();

    /// <summary>Adds a file as the clients do: ask for the URL and fields, then POST the multipart form with no credentials.</summary>
    public async Task AddFileAsync(string itemId, string name, byte[] content)
    {
        var link = await Api.PostAsync(Http, $"{Wi}{itemId}/files", new { fileName = name, fileSize = content.Length });
        using var anonymous = server.CreateClient();
        using var form = new MultipartFormDataContent();
        foreach (var (field, value) in link["fields"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), field);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        using var upload = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
        await Api.OkJsonAsync(upload);
    }

    public static HttpClient Bearer(HangarTestServer server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose() => Http.Dispose();
}
