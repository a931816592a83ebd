namespace Hangar.Contracts.V1;

/// <summary>A v1 list page. <see cref="Next"/> is the absolute URL of the next page, or null on the last one.</summary>
public sealed record PageResponse<T>(string? Next, bool HasMore, IReadOnlyList<T> Data);
