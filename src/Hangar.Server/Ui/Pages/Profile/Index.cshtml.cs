using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Invitations;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Profile;

/// <summary>
/// The signed-in user's profile: who they are and in which organizations, changing their password (which ends their
/// other sessions, as the API does; this browser is signed in again with the new one), and their access credentials for
/// tools such as rcc — the secret shown once, in the answer to the POST that created it.
/// </summary>
public sealed class ProfileModel(UserService users, OrganizationService organizations, AccessCredentialService credentials,
    SessionService sessions, InvitationService invitations) : UiPage
{
    public User Me { get; private set; } = null!;
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];
    public IReadOnlyList<AccessCredential> Credentials { get; private set; } = [];

    /// <summary>Invitations to organizations waiting for the user's answer.</summary>
    public IReadOnlyList<OrganizationInvitation> Invitations { get; private set; } = [];

    [BindProperty]
    public string? InvitationId { get; set; }
    public string? NextAfter { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty]
    public string? CredentialName { get; set; }

    /// <summary>The IANA zone the user chose (empty: the browser's).</summary>
    [BindProperty]
    public string? TimeZone { get; set; }

    /// <summary>The browser's zone as ui.js last reported it, when this machine knows it.</summary>
    public string? BrowserZone { get; private set; }

    /// <summary>Which form a refusal belongs to ("password", "credential" or "timezone"), so that it shows next to that form.</summary>
    public string? FailedForm { get; private set; }

    /// <summary>The credential just created and its <c>identifier:secret</c>, shown once.</summary>
    public (AccessCredential Credential, string Value)? Created { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            if (NewPassword != ConfirmPassword)
            {
                throw HangarException.Invalid("password_mismatch", "The new password and its confirmation differ.");
            }

            await users.ChangeOwnPasswordAsync(Caller, CurrentPassword, NewPassword, ct);
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Forbidden)
        {
            FailedForm = "password";
            return FormError(ex);
        }

        // Changing the password ended every session of the user, this one too: sign this browser in again.
        var login = await sessions.LoginAsync(Me.Username, NewPassword, HttpContext.ClientAddress(), ct);
        Response.Cookies.Append(HangarAuthenticationHandler.SessionCookie, login.Token, SessionCookies.Options(Request, login.ExpiresAt));
        Notice = "Password changed. Your other sessions were signed out.";
        return LocalRedirect("/profile");
    }

    public async Task<IActionResult> OnPostTimeZoneAsync(CancellationToken ct)
    {
        try
        {
            var user = await users.SetOwnTimeZoneAsync(Caller, TimeZone, ct);
            Notice = user.TimeZone is { } zone ? $"Days and times are now shown in {zone}." : "Days and times now follow your browser's time zone.";
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            var typed = TimeZone;
            await LoadAsync(ct);
            TimeZone = typed;
            FailedForm = "timezone";
            return FormError(ex);
        }

        return LocalRedirect("/profile");
    }

    public async Task<IActionResult> OnPostAcceptInvitationAsync(CancellationToken ct)
    {
        var member = await invitations.AcceptAsync(Caller, InvitationId ?? string.Empty, ct);
        var organization = await organizations.GetAsync(Caller, member.OrganizationId, ct);
        Notice = $"You joined {organization.Name} as {(member.Role == OrganizationRole.Owner ? "an owner" : "a member")}.";
        return LocalRedirect("/profile");
    }

    public async Task<IActionResult> OnPostDeclineInvitationAsync(CancellationToken ct)
    {
        await invitations.DeclineAsync(Caller, InvitationId ?? string.Empty, ct);
        Notice = "Invitation declined.";
        return LocalRedirect("/profile");
    }

    public async Task<IActionResult> OnPostCreateCredentialAsync(CancellationToken ct)
    {
        try
        {
            Created = await credentials.CreateAsync(Caller, CredentialName, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            FailedForm = "credential";
            await LoadAsync(ct);
            return FormError(ex);
        }

        ModelState.Clear();
        CredentialName = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await users.GetAsync(Caller.UserId!, ct);
        TimeZone = Me.TimeZone;
        BrowserZone = UiTimeZone.Resolve(null, Request.Cookies[UiTimeZone.BrowserCookie]) is { Source: UiTimeZoneSource.Browser } browser ? browser.Id : null;
        Organizations = (await organizations.ListAsync(Caller, PageRequest.First(), ct)).Items;
        Invitations = (await invitations.ListMineAsync(Caller, PageRequest.First(), ct)).Items;
        var page = await credentials.ListAsync(Caller, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Credentials = page.Items;
        NextAfter = page.NextAfter(c => c.Id);
    }
}
