using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Invitations;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Users;

/// <summary>
/// User management for organization owners (and instance administrators), over the same services as
/// <c>/api/v1/users</c> and <c>/api/v1/organizations</c>: the users of the organizations they own, creating users,
/// disabling (asking first) and enabling those they manage, who owns each organization, and inviting existing users
/// into an organization (they join when they accept). Everyone else is told that only owners manage users.
/// </summary>
public sealed class UsersModel(UserService users, OrganizationService organizations, InvitationService invitations) : UiPage
{
    /// <summary>False when the user owns no organization: the page then says so and shows nothing else.</summary>
    public bool Allowed { get; private set; }

    public IReadOnlyList<User> Users { get; private set; } = [];
    public string? NextAfter { get; private set; }

    /// <summary>The organizations the user owns, with their members (first page) and roles.</summary>
    public IReadOnlyList<(Organization Organization, IReadOnlyList<(OrganizationMember Member, string Username)> Members)> Owned { get; private set; } = [];

    /// <summary>Pending invitations of each owned organization (first page).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<OrganizationInvitation>> Invitations { get; private set; } =
        new Dictionary<string, IReadOnlyList<OrganizationInvitation>>();

    /// <summary>Of <see cref="Users"/>, those whose accounts the signed-in user manages (they get the actions).</summary>
    public IReadOnlySet<string> Managed { get; private set; } = new HashSet<string>();

    /// <summary>The organization whose invite form a refusal belongs to.</summary>
    public string? FailedInvite { get; private set; }

    [BindProperty]
    public string? InviteUsername { get; set; }

    [BindProperty]
    public string? InvitationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The user the page asks about before disabling them (the confirmation step).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ConfirmDisable { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? OrganizationId { get; set; }

    [BindProperty]
    public string? UserId { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    /// <summary>Whether a refusal belongs to the create form (else it shows at the top of the page).</summary>
    public bool CreateFailed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            var user = await users.CreateAsync(Caller, Username, Password, string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
                string.IsNullOrEmpty(OrganizationId) ? null : OrganizationId, ct);
            Notice = $"User “{user.Username}” created. Add them to a workspace on its Members tab.";
            return LocalRedirect("/users");
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            Password = null;
            CreateFailed = true;
            await LoadAsync(ct);
            return FormError(ex);
        }
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct) => await SetDisabledAsync(true, ct);

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct) => await SetDisabledAsync(false, ct);

    public async Task<IActionResult> OnPostSetOrganizationRoleAsync(CancellationToken ct)
    {
        try
        {
            var role = Role switch
            {
                "owner" => OrganizationRole.Owner,
                "member" => OrganizationRole.Member,
                _ => throw HangarException.Invalid("invalid_role", "'role' must be owner or member."),
            };
            await organizations.SetMemberRoleAsync(Caller, Validate.Id(OrganizationId, "The organization"), Validate.Id(UserId, "The user"), role, ct);
            Notice = role == OrganizationRole.Owner ? "The user now owns the organization." : "The user is now a member (not an owner) of the organization.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            await LoadAsync(ct);
            return FormError(ex);
        }

        return LocalRedirect("/users");
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var organizationId = Validate.Id(OrganizationId, "The organization");
        try
        {
            var role = Role == "owner" ? OrganizationRole.Owner : OrganizationRole.Member;
            var invitation = await invitations.CreateAsync(Caller, organizationId, null, InviteUsername, role, ct);
            Notice = $"“{invitation.User?.Username}” is invited to {invitation.Organization?.Name}; they join when they accept, after signing in.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.NotFound)
        {
            FailedInvite = organizationId;
            await LoadAsync(ct);
            return FormError(ex.Kind == ErrorKind.NotFound
                ? HangarException.Invalid("user_not_found", $"There is no user “{InviteUsername?.Trim()}”.")
                : ex);
        }

        return LocalRedirect("/users");
    }

    public async Task<IActionResult> OnPostRevokeInvitationAsync(CancellationToken ct)
    {
        await invitations.RevokeAsync(Caller, Validate.Id(OrganizationId, "The organization"), InvitationId ?? string.Empty, ct);
        Notice = "Invitation revoked.";
        return LocalRedirect("/users");
    }

    private async Task<IActionResult> SetDisabledAsync(bool disabled, CancellationToken ct)
    {
        try
        {
            var user = await users.SetDisabledAsync(Caller, Validate.Id(UserId, "The user"), disabled, ct);
            Notice = disabled ? $"User “{user.Username}” disabled: their sessions ended and they cannot sign in." : $"User “{user.Username}” enabled.";
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            await LoadAsync(ct);
            return FormError(ex);
        }

        return LocalRedirect("/users");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            var page = await users.ListAsync(Caller, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
            Users = page.Items;
            NextAfter = page.NextAfter(u => u.Id);
            Managed = await users.ManagedAmongAsync(Caller, Users, ct);
            Allowed = true;
        }
        catch (HangarException ex) when (ex.Code == "not_organization_owner")
        {
            Allowed = false;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var owned = new List<(Organization, IReadOnlyList<(OrganizationMember, string)>)>();
        var pending = new Dictionary<string, IReadOnlyList<OrganizationInvitation>>(StringComparer.Ordinal);
        foreach (var organization in (await organizations.ListAsync(Caller, PageRequest.First(), ct)).Items)
        {
            var members = (await organizations.ListMembersAsync(Caller, organization.Id, PageRequest.First(PageRequest.MaxLimit), ct)).Items;
            if (members.Any(m => m.UserId == Caller.UserId && m.Role == OrganizationRole.Owner))
            {
                var named = new List<(OrganizationMember, string)>();
                foreach (var m in members)
                {
                    named.Add((m, Users.FirstOrDefault(u => u.Id == m.UserId)?.Username ?? (await users.GetAsync(m.UserId, ct)).Username));
                }

                owned.Add((organization, named));
                pending[organization.Id] = (await invitations.ListForOrganizationAsync(Caller, organization.Id, PageRequest.First(), ct)).Items;
            }
        }

        Owned = owned;
        Invitations = pending;
    }
}
