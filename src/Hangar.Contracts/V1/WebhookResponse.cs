using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>
/// A webhook as Robocorp's v1 writes it (<c>id, process, enabled_events, endpoint</c>, and <c>secret</c> in the answer
/// that created it, never again), with Hangar's name, secret preview and times.
/// </summary>
public sealed record WebhookResponse(
    string Id,
    string Name,
    IdRef? Process,
    IReadOnlyList<string> EnabledEvents,
    string Endpoint,
    string SecretPreview,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);
