using Hangar.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal static class Paging
{
    /// <summary>Fetches one keyset page of a query already filtered and ordered by <c>Id</c> ascending.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> orderedQuery, PageRequest page, CancellationToken ct)
    {
        var rows = await orderedQuery.Take(page.Limit + 1).ToListAsync(ct);
        return Page<T>.FromOverfetch(rows, page.Limit);
    }
}
