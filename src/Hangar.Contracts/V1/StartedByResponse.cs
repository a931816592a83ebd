using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record StartedByResponse(string Type, StartedByDetails? Details);
