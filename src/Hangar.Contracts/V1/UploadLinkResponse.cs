namespace Hangar.Contracts.V1;

/// <summary>An S3-style presigned POST: send the <see cref="FormData"/> fields, then the zip as the part named <c>file</c>, to <see cref="Url"/>.</summary>
public sealed record UploadLinkResponse(string Url, IReadOnlyDictionary<string, string> FormData, DateTimeOffset ExpiresAt);
