using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record CreateProcessRequest(string? Name, string? Description, List<StepRequest>? Steps, JsonElement? DefaultPayload);
