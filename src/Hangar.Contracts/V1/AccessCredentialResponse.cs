namespace Hangar.Contracts.V1;

public sealed record AccessCredentialResponse(string Id, string Name, string Identifier, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    string? LastUsedIp);
