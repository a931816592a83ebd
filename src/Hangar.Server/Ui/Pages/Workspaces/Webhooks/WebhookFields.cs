using Hangar.Core.Domain;

namespace Hangar.Server.Ui.Pages.Workspaces.Webhooks;

/// <summary>What the webhook form (_WebhookFields) shows: the values typed so far and, on create, the processes to choose from.</summary>
/// <param name="Processes">The workspace's processes, when the scope can be chosen (create); null when it is fixed (edit).</param>
public sealed record WebhookFields(string? Name, string? Endpoint, IReadOnlyCollection<string> Events, string? ProcessId,
    IReadOnlyList<Process>? Processes);
