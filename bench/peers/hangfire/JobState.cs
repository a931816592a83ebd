using System.Text.Json.Serialization;

namespace Hangar.Peers.Hangfire;

/// <summary>The answer to <c>GET /jobs/{id}</c>: Hangfire's state of the job, and its result once its robot has ended.</summary>
internal sealed record JobState(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("result")] JobResult? Result);
