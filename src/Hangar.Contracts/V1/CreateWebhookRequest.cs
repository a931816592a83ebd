namespace Hangar.Contracts.V1;

/// <summary>
/// Robocorp's create-webhook body <c>{endpoint, enabled_events, process: {id}}</c>; <c>process</c> may be left out (or
/// null) for a webhook of the whole workspace, and <c>name</c> is Hangar's (default: the endpoint's host).
/// </summary>
public sealed record CreateWebhookRequest(string? Endpoint, List<string?>? EnabledEvents, IdRef? Process, string? Name);
