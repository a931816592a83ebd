using System.Text.Json;
using System.Text.Json.Nodes;
using Hangar.Contracts.V1;
using Hangar.Core.Assets;
using Hangar.Core.Runs;
using Hangar.Core.Webhooks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hangar.Server;

/// <summary>
/// The values of the wire's string fields that take a fixed set, for the OpenAPI documents. The contracts carry these
/// as strings (the wire names differ from the C# names, and some sets are Robocorp's literals), so the generator cannot
/// see the set; it is named here once, from the C# enum where there is one.
/// </summary>
public static class OpenApiEnums
{
    private static readonly string[] StartedByTypes = ["api", "user", "schedule", "email"];
    private static readonly string[] AssetPayloadTypes = ["empty", "url"];
    private static readonly string[] ConsoleStreams = ["stdout", "stderr"];
    private static readonly string[] FailedOutcomes = ["unresolved", "stopped", "failed_to_start"];

    private static readonly Dictionary<(Type, string), string[]> Properties = new()
    {
        // Robocorp's states: a run whose stop has ended is still "stopping" there; hangar_state tells the two apart.
        [(typeof(ProcessRunResponse), nameof(ProcessRunResponse.State))] = [.. Wire<ProcessRunState>().Where(s => s != "stopped")],
        [(typeof(ProcessRunResponse), nameof(ProcessRunResponse.HangarState))] = Wire<ProcessRunState>(),
        [(typeof(StepRunResponse), nameof(StepRunResponse.State))] = Wire<StepRunState>(),
        [(typeof(WorkItemResponse), nameof(WorkItemResponse.State))] = Wire<WorkItemState>(),
        [(typeof(WorkerResponse), nameof(WorkerResponse.State))] = Wire<WorkerState>(),
        [(typeof(WorkItemExceptionResponse), nameof(WorkItemExceptionResponse.Type))] = Wire<WorkItemExceptionType>(),
        [(typeof(WorkItemBatchRequest), nameof(WorkItemBatchRequest.BatchOperation))] = Wire<BatchOperation>(),
        [(typeof(StartRunRequest), nameof(StartRunRequest.Type))] = Wire<StartKind>(),
        [(typeof(AssetUploadResponse), nameof(AssetUploadResponse.Status))] = Wire<AssetUploadStatus>(),
        [(typeof(WebhookDeliveryResponse), nameof(WebhookDeliveryResponse.State))] = Wire<WebhookDeliveryState>(),
        [(typeof(StartedByResponse), nameof(StartedByResponse.Type))] = StartedByTypes,
        [(typeof(AssetPayloadResponse), nameof(AssetPayloadResponse.Type))] = AssetPayloadTypes,
        [(typeof(ConsoleMessageResponse), nameof(ConsoleMessageResponse.Stream))] = ConsoleStreams,
        [(typeof(CallbackRequest), nameof(CallbackRequest.CallbackEvents))] = [.. RunCallback.AllEvents],
        [(typeof(CreateWebhookRequest), nameof(CreateWebhookRequest.EnabledEvents))] = [.. WebhookEvents.All],
        [(typeof(UpdateWebhookRequest), nameof(UpdateWebhookRequest.EnabledEvents))] = [.. WebhookEvents.All],
        [(typeof(WebhookResponse), nameof(WebhookResponse.EnabledEvents))] = [.. WebhookEvents.All],
        [(typeof(Contracts.V1.Stats.RunStatsResponse), nameof(Contracts.V1.Stats.RunStatsResponse.Bucket))] = [Core.Services.WorkspaceStatsService.DayBucket],
        [(typeof(Contracts.V1.Stats.RecentFailureResponse), nameof(Contracts.V1.Stats.RecentFailureResponse.State))] = FailedOutcomes,
        [(typeof(Contracts.V1.Stats.ExceptionCountResponse), nameof(Contracts.V1.Stats.ExceptionCountResponse.Type))] =
            [.. Enum.GetNames<WorkItemExceptionType>().Select(n => n.ToUpperInvariant())],
    };

    /// <summary>The values a query parameter takes, by the collection the route lists.</summary>
    public static string[]? ForQuery(string path, string? name) => name switch
    {
        "state" when path.EndsWith("/process-runs", StringComparison.Ordinal) => Wire<ProcessRunState>(),
        "state" when path.EndsWith("/work-items", StringComparison.Ordinal) => Wire<WorkItemState>(),
        "state" when path.EndsWith("/step-runs", StringComparison.Ordinal) => Wire<StepRunState>(),
        "with_handshake" => ["asana"],
        "bucket" when path.EndsWith("/stats/runs", StringComparison.Ordinal) => [Core.Services.WorkspaceStatsService.DayBucket],
        _ => null,
    };

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is { DeclaringType: var declaring, Name: "id" } && declaring == typeof(StartRunResponse) && schema.Type is { } idType)
        {
            // A run that did not start answers without the key (never "id": null), so the id is a string when present.
            schema.Type = idType & ~JsonSchemaType.Null;
        }

        if (context.JsonPropertyInfo is { DeclaringType: var type } property
            && Properties.TryGetValue((type, property.AttributeProvider is System.Reflection.MemberInfo m ? m.Name : property.Name), out var values))
        {
            // A list of such values (webhook events, callback events) states the set on its items.
            var target = schema.Type is { } t && t.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items ? items : schema;
            var nodes = values.Select(v => (JsonNode?)JsonValue.Create(v)).ToList();
            if (target.Type is { } tt && tt.HasFlag(JsonSchemaType.Null))
            {
                nodes.Add(null);
            }

            target.Enum = nodes!;
        }

        return Task.CompletedTask;
    }

    private static string[] Wire<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToArray();
}
