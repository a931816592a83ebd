using System.Diagnostics;
using System.Net.Http.Headers;
using Hangar.Core.Observability;
using Hangar.Core.Security;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Hangar.Server.Tests;

/// <summary>A run's trace, collected in process: the trigger starts it, the claim and the robot's runtime calls join it.</summary>
public class RunTraceTests
{
    [Fact]
    public async Task OneRun_IsOneTrace_FromTheTrigger_ThroughTheClaim_ToTheRobotsRuntimeCalls()
    {
        var spans = new List<Activity>();
        await using var server = await HangarTestServer.StartAsync(configure: o => o.Tracing = true,
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        var process = await Workers.ProcessAsync(server, admin, ws);
        var (_, worker) = await Workers.LinkAsync(server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses);
        using var integrator = Api.KeyClient(server, key);
        var runId = (await Api.PostAsync(integrator, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { new { n = 1 } } }))["id"]!.GetValue<string>();

        using var claim = await Workers.ClaimAsync(worker, waitSeconds: 5);
        var assignment = await Api.OkJsonAsync(claim);
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        var itemId = assignment["work_item_id"]!.GetValue<string>();
        var traceParent = assignment["env"]!["TRACEPARENT"]!.GetValue<string>();

        // The robot's calls carry only its run token, as Robocorp's libraries send them: no traceparent header.
        using (var robot = new HttpClient { BaseAddress = server.BaseAddress })
        {
            robot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", assignment["run_token"]!.GetValue<string>());
            using var data = await robot.GetAsync($"/json-v1/workspaces/{ws}/workitems/{itemId}/data");
            await Api.OkJsonAsync(data);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });

        List<Activity> collected;
        lock (spans)
        {
            collected = [.. spans];
        }

        var ofRun = collected.Where(s => Equals(s.GetTagItem(HangarActivities.RunId), runId)).ToList();
        var start = Assert.Single(ofRun, s => s.OperationName == "hangar.run.start");
        var trace = start.TraceId;
        // The trigger's request is the parent of the run's start.
        var trigger = Assert.Single(collected, s => s.SpanId == start.ParentSpanId);
        Assert.Equal(ActivityKind.Server, trigger.Kind);
        Assert.Equal(trace, trigger.TraceId);

        var claimed = Assert.Single(ofRun, s => s.OperationName == "hangar.claim");
        Assert.Equal(trace, claimed.TraceId);
        Assert.Equal(start.SpanId, claimed.ParentSpanId);
        Assert.Equal(stepRunId, claimed.GetTagItem(HangarActivities.StepRunId));
        Assert.Equal(itemId, claimed.GetTagItem(HangarActivities.WorkItemId));
        // The last field (trace flags) is the sampler's; the trace and parent span are what a robot continues.
        Assert.StartsWith($"00-{trace}-{claimed.SpanId}-", traceParent, StringComparison.Ordinal);

        var runtime = Assert.Single(ofRun, s => s.OperationName.StartsWith("hangar.runtime", StringComparison.Ordinal));
        Assert.Equal(trace, runtime.TraceId);
        Assert.Equal(claimed.SpanId, runtime.ParentSpanId);
        Assert.Equal(stepRunId, runtime.GetTagItem(HangarActivities.StepRunId));
        Assert.Equal(itemId, runtime.GetTagItem(HangarActivities.WorkItemId));

        // The stored context is what a worker claiming on another node continues.
        await using var scope = server.App.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<Core.Stores.IRunStore>().FindRunAsync(ws, runId, CancellationToken.None);
        Assert.StartsWith($"00-{trace}-{start.SpanId}-", stored!.TraceParent, StringComparison.Ordinal);
    }
}
