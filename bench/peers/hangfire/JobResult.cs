using System.Text.Json.Serialization;

namespace Hangar.Peers.Hangfire;

/// <summary>What a finished job left: when its robot process started and ended (Unix seconds), its exit code and first line.</summary>
internal sealed record JobResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("started_at")] double StartedAt,
    [property: JsonPropertyName("ended_at")] double EndedAt,
    [property: JsonPropertyName("exit_code")] int ExitCode,
    [property: JsonPropertyName("first_line")] string FirstLine);
