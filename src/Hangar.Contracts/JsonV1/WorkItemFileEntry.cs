using System.Text.Json.Serialization;

namespace Hangar.Contracts.JsonV1;

/// <summary>One file of a work item as robots list them.</summary>
public sealed record WorkItemFileEntry(
    [property: JsonPropertyName("fileName")] string FileName,
    [property: JsonPropertyName("fileId")] string FileId,
    [property: JsonPropertyName("size")] long Size);
