using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Schedule steps many tests take, over HTTP as a client would.</summary>
internal static class Schedules
{
    public static string Path(string workspaceId, string processId) => $"/api/v1/workspaces/{workspaceId}/processes/{processId}/schedules";

    public static async Task<JsonNode> CreateAsync(HttpClient client, string workspaceId, string processId, object body) =>
        await Api.PostAsync(client, Path(workspaceId, processId), body);

    /// <summary>The process's runs, newest first.</summary>
    public static async Task<List<JsonNode>> RunsAsync(HttpClient client, string workspaceId, string processId) =>
        (await Api.GetAsync(client, $"/api/v1/workspaces/{workspaceId}/process-runs?process_id={processId}&limit=500"))["data"]!.AsArray()
        .Select(r => r!).ToList();

    /// <summary>
    /// Waits (polling, the scheduler works on its own task) until the process has <paramref name="count"/> runs, and
    /// returns them; fails when it has more, or not that many within 20 seconds.
    /// </summary>
    public static async Task<List<JsonNode>> WaitForRunsAsync(HttpClient client, string workspaceId, string processId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var runs = await RunsAsync(client, workspaceId, processId);
            Assert.True(runs.Count <= count, $"{runs.Count} runs, expected {count}");
            if (runs.Count == count)
            {
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{runs.Count} runs after 20 s, expected {count}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the schedule reports a handled time at <paramref name="at"/> and returns the schedule.</summary>
    public static async Task<JsonNode> WaitForFireAsync(HttpClient client, string workspaceId, string processId, string scheduleId, DateTimeOffset at)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var schedule = await Api.GetAsync(client, $"{Path(workspaceId, processId)}/{scheduleId}");
            if (schedule["last_fire"]?["at"]?.GetValue<DateTimeOffset>() == at)
            {
                return schedule;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The schedule did not handle {at:o}: {schedule.ToJsonString()}");
            await Task.Delay(25);
        }
    }
}
