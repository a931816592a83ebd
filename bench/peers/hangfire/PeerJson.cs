using System.Text.Json.Serialization;

namespace Hangar.Peers.Hangfire;

/// <summary>Source-generated JSON for the peer's own documents.</summary>
[JsonSerializable(typeof(JobResult))]
[JsonSerializable(typeof(EnqueuedJob))]
[JsonSerializable(typeof(JobState))]
internal sealed partial class PeerJson : JsonSerializerContext;
