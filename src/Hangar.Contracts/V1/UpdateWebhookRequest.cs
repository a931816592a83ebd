namespace Hangar.Contracts.V1;

/// <summary>Hangar's change of a webhook: the fields given are replaced, the others kept (its process cannot change).</summary>
public sealed record UpdateWebhookRequest(string? Name, string? Endpoint, List<string?>? EnabledEvents);
