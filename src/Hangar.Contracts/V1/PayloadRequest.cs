using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record PayloadRequest(JsonElement? Payload = null);
