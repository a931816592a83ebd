using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record ProcessResponse(string Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StepResponse> Steps, JsonElement? DefaultPayload);
