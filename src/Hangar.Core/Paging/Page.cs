namespace Hangar.Core.Paging;

/// <summary>One page of a list in id order; <see cref="HasMore"/> says whether a next page exists.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore)
{
    /// <summary>The id to continue after, taken from the last item.</summary>
    public string? NextAfter(Func<T, string> idOf) => HasMore && Items.Count > 0 ? idOf(Items[^1]) : null;

    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), HasMore);

    /// <summary>Builds a page from a query result fetched with <c>limit + 1</c> rows.</summary>
    public static Page<T> FromOverfetch(IReadOnlyList<T> rows, int limit) =>
        rows.Count > limit ? new Page<T>(rows.Take(limit).ToList(), true) : new Page<T>(rows, false);
}
