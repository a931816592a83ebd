namespace Hangar.Contracts.V1;

/// <summary>Asks for an upload URL for one file: its name and its size in bytes.</summary>
public sealed record FileUploadRequest(string? FileName, long? FileSize);
