using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Invitations;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Invitations to join an organization: its owners create, list and revoke them; the invited user lists theirs and
/// accepts or declines each. People signed in only; keys never see organizations.
/// </summary>
public static class InvitationEndpoints
{
    public static void MapInvitationEndpoints(this RouteGroupBuilder v1)
    {
        var owners = v1.MapGroup("/organizations/{organization_id}/invitations").WithTags("Organizations").RequireUser();
        owners.MapPost("/", CreateAsync)
            .WithSummary("Invite an existing user ({username} or {user: {id}}, role member|owner); they join when they accept. Owners only.");
        owners.MapGet("/", ListAsync).WithSummary("The organization's pending invitations. Owners only.");
        owners.MapDelete("/{invitation_id}", RevokeAsync).WithSummary("Revoke a pending invitation. Owners only.");

        var mine = v1.MapGroup("/users/me/invitations").WithTags("Users").RequireUser();
        mine.MapGet("/", ListMineAsync).WithSummary("Your pending invitations to organizations.");
        mine.MapPost("/{invitation_id}/accept", AcceptAsync).WithSummary("Accept an invitation: you become a member with its role.");
        mine.MapPost("/{invitation_id}/decline", DeclineAsync).WithSummary("Decline an invitation: it is removed and you do not join.");
    }

    public static InvitationResponse ToResponse(this OrganizationInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return new InvitationResponse(invitation.Id,
            new NamedRef(invitation.OrganizationId, invitation.Organization?.Name ?? string.Empty),
            new UserRef(invitation.UserId, invitation.User?.Username ?? string.Empty, invitation.User?.DisplayName),
            invitation.Role.ToWire(),
            new ActorResponse("user", invitation.InvitedById, invitation.InvitedByName),
            invitation.CreatedAt, invitation.ExpiresAt);
    }

    private static async Task<Ok<InvitationResponse>> CreateAsync(string organization_id, InvitationRequest body, HttpContext http,
        InvitationService invitations, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var role = body.Role is null ? OrganizationRole.Member : WireEnums.OrganizationRole(body.Role);
        var invitation = await invitations.CreateAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"), body.User?.Id,
            body.Username, role, ct);
        return TypedResults.Ok(invitation.ToResponse());
    }

    private static async Task<Ok<PageResponse<InvitationResponse>>> ListAsync(string organization_id, HttpContext http, InvitationService invitations,
        CancellationToken ct)
    {
        var page = await invitations.ListForOrganizationAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"),
            V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, i => i.Id, i => i.ToResponse()));
    }

    private static async Task<Ok<DeletedResponse>> RevokeAsync(string organization_id, string invitation_id, HttpContext http,
        InvitationService invitations, CancellationToken ct)
    {
        await invitations.RevokeAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"), invitation_id, ct);
        return TypedResults.Ok(new DeletedResponse(invitation_id, true));
    }

    private static async Task<Ok<PageResponse<InvitationResponse>>> ListMineAsync(HttpContext http, InvitationService invitations, CancellationToken ct)
    {
        var page = await invitations.ListMineAsync(http.RequireCaller(), V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, i => i.Id, i => i.ToResponse()));
    }

    private static async Task<Ok<MembershipResponse>> AcceptAsync(string invitation_id, HttpContext http, InvitationService invitations,
        IAccountStore accounts, CancellationToken ct)
    {
        var member = await invitations.AcceptAsync(http.RequireCaller(), invitation_id, ct);
        var organization = await accounts.FindOrganizationAsync(member.OrganizationId, ct);
        return TypedResults.Ok(new MembershipResponse(member.OrganizationId, organization?.Name ?? string.Empty, member.Role.ToWire()));
    }

    private static async Task<Ok<DeletedResponse>> DeclineAsync(string invitation_id, HttpContext http, InvitationService invitations,
        CancellationToken ct)
    {
        await invitations.DeclineAsync(http.RequireCaller(), invitation_id, ct);
        return TypedResults.Ok(new DeletedResponse(invitation_id, true));
    }
}
