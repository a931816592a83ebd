using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record StartRunResponse(bool Started, string? Id);
