using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record RevealedApiKeyResponse(string Id, string Key);
