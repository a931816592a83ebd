using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hangar.Server.Ui;

/// <summary>
/// Base of every signed-in page: the user, the open workspace and what the user may do there, as
/// <see cref="UiSessionFilter"/> resolved them before the handler runs.
/// </summary>
public abstract class UiPage : PageModel
{
    public UiChrome Chrome => HttpContext.Features.Get<UiChrome>() ?? throw new InvalidOperationException("UiSessionFilter did not run.");

    /// <summary>The signed-in user.</summary>
    public Caller Caller => Chrome.User ?? throw new InvalidOperationException("The page needs a signed-in user.");

    /// <summary>What the user may do in the route's workspace.</summary>
    public WorkspaceGrant Grant => Chrome.Grant ?? throw new InvalidOperationException("The page has no workspace in its route.");

    public string WorkspaceId => Grant.WorkspaceId;

    public bool Can(string permission) => Chrome.Can(permission);

    /// <summary>A one-line confirmation shown once on the next page (never a secret: it travels in a cookie).</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Refuses the request with the same code the API gives when the user lacks <paramref name="permission"/>.</summary>
    protected void Require(string permission)
    {
        if (!Can(permission))
        {
            throw HangarException.Forbidden("missing_permission", $"This needs the permission '{permission}'.");
        }
    }

    /// <summary>Refuses anyone but a workspace admin (the API tab's management, as its reveal route requires).</summary>
    protected void RequireWorkspaceAdmin(string what)
    {
        if (Chrome.Grant is not { IsAdmin: true })
        {
            throw HangarException.Forbidden("workspace_admin_required", $"Only workspace admins can {what}.");
        }
    }

    /// <summary>
    /// The zone the signed-in user's days and times are shown in: their profile's, else their browser's, else UTC (a
    /// read of the user, so only the pages that show times in it ask).
    /// </summary>
    protected async Task<UiTimeZone> LoadTimeZoneAsync(CancellationToken ct)
    {
        var user = await HttpContext.RequestServices.GetRequiredService<UserService>().GetAsync(Caller.UserId!, ct);
        var zone = UiTimeZone.Resolve(user.TimeZone, Request.Cookies[UiTimeZone.BrowserCookie]);
        Chrome.TimeZone = zone;
        return zone;
    }

    /// <summary>Shows a refusal from a service next to the form instead of leaving the page.</summary>
    protected PageResult FormError(HangarException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ModelState.AddModelError(string.Empty, refusal.Message);
        Response.StatusCode = ApiErrorsStatus(refusal);
        return Page();
    }

    private static int ApiErrorsStatus(HangarException refusal) => Errors.ApiErrors.StatusOf(refusal.Kind);

    /// <summary>
    /// A local path to return to after sign-in, or "/" for anything that could lead off this site: only a path that
    /// starts with one '/' and holds no '\', control character or space is followed. Browsers read '\' as '/' and drop
    /// tabs and line breaks inside a URL, so "/\evil.example" and "/&lt;tab&gt;/evil.example" would become
    /// "//evil.example", another host.
    /// </summary>
    protected static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl
            : "/";
}
