using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A process as Robocorp's v1 list shows it.</summary>
public sealed record ProcessSummaryResponse(string Id, string Name, DateTimeOffset CreatedAt);
