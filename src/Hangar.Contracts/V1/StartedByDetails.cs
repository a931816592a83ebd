using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record StartedByDetails(string? Id, string? FirstName, string? LastName);
