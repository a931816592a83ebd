using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>A presigned URL for <c>rcc cloud push</c> (PUT the zip) or <c>rcc cloud pull</c> (GET it).</summary>
public sealed record RccLink([property: JsonPropertyName("uri")] string Uri);
