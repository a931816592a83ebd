using System.Linq.Expressions;
using Hangar.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal static class Paging
{
    private static readonly System.Reflection.MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>Fetches one keyset page of a query already filtered and ordered by its key.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> orderedQuery, PageRequest page, CancellationToken ct)
    {
        var rows = await orderedQuery.Take(page.Limit + 1).ToListAsync(ct);
        return Page<T>.FromOverfetch(rows, page.Limit);
    }

    /// <summary>
    /// One keyset page in <paramref name="key"/> order (ids are UUIDv7, so that is creation order): the rows after
    /// <see cref="PageRequest.After"/>, at most <see cref="PageRequest.Limit"/>. The same cost for page 1 and page 10,000.
    /// </summary>
    public static Task<Page<T>> ToKeysetPageAsync<T>(this IQueryable<T> query, Expression<Func<T, string>> key, PageRequest page,
        CancellationToken ct, bool descending = false)
    {
        if (page.After is not null)
        {
            // The cursor goes in as a captured value, so the database sees a parameter and reuses its plan.
            var cursor = new Cursor(page.After);
            var compared = Expression.Call(Compare, key.Body, Expression.Property(Expression.Constant(cursor), nameof(Cursor.After)));
            var zero = Expression.Constant(0);
            Expression after = descending ? Expression.LessThan(compared, zero) : Expression.GreaterThan(compared, zero);
            query = query.Where(Expression.Lambda<Func<T, bool>>(after, key.Parameters));
        }

        return (descending ? query.OrderByDescending(key) : query.OrderBy(key)).ToPageAsync(page, ct);
    }

    private sealed record Cursor(string After);
}
