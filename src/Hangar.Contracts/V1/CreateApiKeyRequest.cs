using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record CreateApiKeyRequest(string? Name, List<string?>? Permissions, DateTimeOffset? ExpiresAt);
