namespace Hangar.Core.Paging;

/// <summary>A keyset page request: items with an id greater than <see cref="After"/>, at most <see cref="Limit"/>.</summary>
public sealed record PageRequest(string? After, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static PageRequest First(int limit = DefaultLimit) => new(null, limit);
}
