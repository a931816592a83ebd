using System.Text.Json.Serialization;

namespace Hangar.Peers.Hangfire;

/// <summary>The answer to <c>POST /jobs</c>.</summary>
internal sealed record EnqueuedJob([property: JsonPropertyName("id")] string Id);
