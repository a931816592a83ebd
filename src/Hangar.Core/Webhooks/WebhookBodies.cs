using System.Text;
using System.Text.Json;

namespace Hangar.Core.Webhooks;

/// <summary>
/// The JSON of deliveries, as Control Room sends them: <c>{id, webhookEventTimestamp, event, payload}</c>, where
/// <c>id</c> is the event's id (receivers de-duplicate on it) and <c>payload</c> (camelCase) always carries
/// <c>workspaceId</c>. The body is built once per event, stored, and sent byte for byte, so a resend carries the same
/// bytes (and so the same signature under the same secret).
/// </summary>
public static class WebhookBodies
{
    public static string Run(string eventId, DateTimeOffset at, string eventName, RunEventFacts run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Write(eventId, at, eventName, w =>
        {
            w.WriteString("workspaceId", run.WorkspaceId);
            w.WriteString("processId", run.ProcessId);
            w.WriteString("processName", run.ProcessName);
            w.WriteString("processRunId", run.ProcessRunId);
            w.WriteNumber("processRunNumber", run.ProcessRunNumber);
            w.WriteString("state", Wire(run.State.ToString()));
            w.WriteString("createdAt", run.CreatedAt.ToUniversalTime());
            WriteTime(w, "startedAt", run.StartedAt);
            WriteTime(w, "endedAt", run.EndedAt);
            w.WriteStartObject("startedBy");
            w.WriteString("type", run.StartedByType);
            w.WriteString("id", run.StartedById);
            w.WriteEndObject();
        });
    }

    public static string FailedItem(string eventId, DateTimeOffset at, FailedItemFacts item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Write(eventId, at, WebhookEvents.WorkItemFailed, w =>
        {
            w.WriteString("workspaceId", item.WorkspaceId);
            w.WriteString("processId", item.ProcessId);
            w.WriteString("processRunId", item.ProcessRunId);
            w.WriteString("workItemId", item.WorkItemId);
            w.WriteString("stepId", item.StepId);
            w.WriteString("stepRunId", item.StepRunId);
            w.WriteString("state", "failed");
            w.WriteStartObject("exception");
            w.WriteString("type", item.ExceptionType?.ToString().ToLowerInvariant());
            w.WriteString("code", item.ExceptionCode);
            w.WriteString("message", item.ExceptionMessage);
            w.WriteEndObject();
        });
    }

    /// <summary>"Send test event": fixed sample content, recognisable as a test.</summary>
    public static string Test(string eventId, DateTimeOffset at, Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return Write(eventId, at, WebhookEvents.Test, w =>
        {
            w.WriteString("workspaceId", webhook.WorkspaceId);
            w.WriteString("webhookId", webhook.Id);
            w.WriteString("processId", webhook.ProcessId);
            w.WriteString("message", "This is a test event sent from Hangar. Its signature is made with this webhook's secret.");
        });
    }

    private static string Write(string eventId, DateTimeOffset at, string eventName, Action<Utf8JsonWriter> payload)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", eventId);
            w.WriteString("webhookEventTimestamp", at.ToUniversalTime());
            w.WriteString("event", eventName);
            w.WriteStartObject("payload");
            payload(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            w.WriteString(name, at.ToUniversalTime());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Wire(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
