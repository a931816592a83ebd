using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record WorkItemExceptionResponse(string? Code, string Type, string? Message);
