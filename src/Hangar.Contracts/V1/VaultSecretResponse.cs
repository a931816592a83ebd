namespace Hangar.Contracts.V1;

/// <summary>A secret as listed and shown without its value: the value's key names only (null when the value does not decrypt).</summary>
public sealed record VaultSecretResponse(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<string>? Keys,
    ActorResponse CreatedBy,
    DateTimeOffset CreatedAt,
    ActorResponse UpdatedBy,
    DateTimeOffset UpdatedAt);
