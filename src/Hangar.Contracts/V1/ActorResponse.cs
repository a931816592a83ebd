using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record ActorResponse(string Type, string? Id, string? Name);
