namespace Hangar.Contracts.V1;

public sealed record CreateAccessCredentialRequest(string? Name);

/// <summary>The new credential; <see cref="Credential"/> (<c>identifier:secret</c>) is shown only in this answer.</summary>
public sealed record CreatedAccessCredentialResponse(string Id, string Name, DateTimeOffset CreatedAt, string Credential);

public sealed record AccessCredentialResponse(string Id, string Name, string Identifier, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    string? LastUsedIp);
