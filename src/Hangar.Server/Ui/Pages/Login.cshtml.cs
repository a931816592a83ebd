using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages;

/// <summary>Password sign-in: the same session and throttling as <c>POST /api/v1/auth/login</c>.</summary>
[AnonymousPage]
public sealed class LoginModel(PasswordSignIn signIn) : UiPage
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
        try
        {
            var result = await signIn.SignInAsync(Username, Password, HttpContext.ClientAddress(), ct);
            Response.Cookies.Append(HangarAuthenticationHandler.SessionCookie, result.Token, SessionCookies.Options(Request, result.ExpiresAt));
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.TooManyRequests)
        {
            Response.Headers.RetryAfter = ex.RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Password = null;
            return FormError(ex);
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.Unauthorized or ErrorKind.BadRequest)
        {
            // One message for an unknown user and a wrong password, as the API gives.
            Password = null;
            return FormError(new HangarException(ErrorKind.Unauthorized, ex.Code, "The username or password is not correct."));
        }
    }
}
