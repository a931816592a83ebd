using System.Buffers.Text;
using System.Text;
using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Server.Hosting;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Hangar.Server;

/// <summary>
/// v1 list paging: <c>limit</c> and an opaque <c>cursor</c> in, <c>{next, has_more, data}</c> out, where
/// <c>next</c> is the absolute URL of the following page (clients follow it verbatim), on the <see cref="PublicUrl"/>.
/// </summary>
public static class V1Paging
{
    public const string CursorParameter = "cursor";

    /// <summary>True when the request names a page (<c>limit</c> or <c>cursor</c>), for lists that otherwise answer everything.</summary>
    public static bool Asked(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Query.ContainsKey("limit") || context.Request.Query.ContainsKey(CursorParameter);
    }

    public static PageRequest Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var limit = PageRequest.DefaultLimit;
        if (query.TryGetValue("limit", out var rawLimit))
        {
            if (!int.TryParse(rawLimit, out limit) || limit < 1 || limit > PageRequest.MaxLimit)
            {
                throw HangarException.Invalid("invalid_limit", $"'limit' must be a whole number from 1 to {PageRequest.MaxLimit}.");
            }
        }

        string? after = null;
        if (query.TryGetValue(CursorParameter, out var rawCursor) && !string.IsNullOrEmpty(rawCursor))
        {
            after = Decode(rawCursor!);
        }

        return new PageRequest(after, limit);
    }

    public static PageResponse<TOut> Respond<T, TOut>(HttpContext context, Page<T> page, Func<T, string> idOf, Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        var nextAfter = page.NextAfter(idOf);
        string? next = null;
        if (nextAfter is not null)
        {
            var request = context.Request;
            var query = QueryHelpers.ParseQuery(request.QueryString.Value);
            query[CursorParameter] = Encode(nextAfter);
            var builder = new QueryBuilder(query.SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v ?? string.Empty))));
            next = context.RequestServices.GetRequiredService<PublicUrl>().For($"{request.Path}{builder.ToQueryString()}");
        }

        return new PageResponse<TOut>(next, page.HasMore, page.Items.Select(map).ToList());
    }

    private static string Encode(string after) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(after));

    private static string Decode(string cursor)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (Ids.IsWellFormed(decoded) || decoded.Length is > 0 and <= 64 && decoded.All(char.IsAsciiLetterOrDigit))
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
        }

        throw HangarException.Invalid("invalid_cursor", "'cursor' is not a cursor this server issued.");
    }
}
