using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages;

/// <summary>Ends the session on the server, not only in the browser. Only POST logs out (a link cannot be forged into it).</summary>
[AnonymousPage]
public sealed class LogoutModel(SessionService sessions) : UiPage
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await SessionCookies.EndSessionAsync(HttpContext, sessions, ct);
        return LocalRedirect("/login");
    }
}
