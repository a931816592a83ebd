using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages;

/// <summary>Password sign-in: the same session and throttling as <c>POST /api/v1/auth/login</c>.</summary>
[AnonymousPage]
public sealed class LoginModel(SessionService sessions, AuthFailureThrottle throttle, AuditLog audit) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IActionResult OnGet() => Chrome.User is not null ? LocalRedirect(SafeReturnUrl(ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var address = HttpContext.ClientAddress();
        if (throttle.IsBlocked(address, out var retryAfter))
        {
            Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return FormError(new HangarException(ErrorKind.TooManyRequests, "too_many_failed_attempts",
                $"Too many failed sign-ins from this address; try again in {retryAfter} s."));
        }

        try
        {
            var result = await sessions.LoginAsync(Username, Password, address, ct);
            Response.Cookies.Append(HangarAuthenticationHandler.SessionCookie, result.Token, SessionCookies.Options(Request, result.ExpiresAt));
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.Unauthorized or ErrorKind.BadRequest)
        {
            if (ex.Kind == ErrorKind.Unauthorized && throttle.RecordFailure(address))
            {
                await audit.RecordAsync(Caller.Anonymous(address), AuditActions.FailedAuthenticationBurst,
                    new AuditTarget("client_address", address, address), ct);
            }

            Password = null;
            return FormError(new HangarException(ErrorKind.Unauthorized, ex.Code, "The username or password is not correct."));
        }
    }
}
