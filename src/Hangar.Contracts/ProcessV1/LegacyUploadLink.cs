using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>An S3-style presigned POST: send <see cref="Fields"/> as form fields, then the file as the part <c>file</c>, to <see cref="Url"/>.</summary>
public sealed record LegacyUploadLink(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);
