using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A group link token; <c>link_token</c> (the value) only in the answer that created it.</summary>
public sealed record GroupLinkTokenResponse(
    string Id,
    string Name,
    DateTimeOffset? ExpiresAt,
    IdRef WorkerGroup,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LinkToken = null);
