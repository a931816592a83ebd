using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Organizations and their owners and members.</summary>
public static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/organizations").WithTags("Organizations").RequireUser();
        group.MapGet("/", ListAsync).WithSummary("Organizations you belong to.");
        group.MapPost("/", CreateAsync).WithSummary("Create an organization (for owners of an organization); you own it.");
        group.MapGet("/{organization_id}", GetAsync).WithSummary("One organization you belong to.");
        group.MapPut("/{organization_id}", RenameAsync).WithSummary("Rename an organization you own.");
        group.MapGet("/{organization_id}/members", ListMembersAsync).WithSummary("Members of the organization with their roles.");
        group.MapPut("/{organization_id}/members/{user_id}", SetMemberRoleAsync).WithSummary(
            "Change a member's role (owner, member), or add a user you manage; anyone else joins by accepting an invitation.");
    }

    private static async Task<Ok<PageResponse<OrganizationResponse>>> ListAsync(HttpContext http, OrganizationService organizations, CancellationToken ct)
    {
        var page = await organizations.ListAsync(http.RequireCaller(), V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, o => o.Id, o => o.ToResponse()));
    }

    private static async Task<Ok<OrganizationResponse>> CreateAsync(NameRequest body, HttpContext http, OrganizationService organizations, CancellationToken ct)
    {
        Validate.Required(body, "body");
        return TypedResults.Ok((await organizations.CreateAsync(http.RequireCaller(), body.Name, ct)).ToResponse());
    }

    private static async Task<Ok<OrganizationResponse>> GetAsync(string organization_id, HttpContext http, OrganizationService organizations, CancellationToken ct) =>
        TypedResults.Ok((await organizations.GetAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"), ct)).ToResponse());

    private static async Task<Ok<OrganizationResponse>> RenameAsync(string organization_id, NameRequest body, HttpContext http,
        OrganizationService organizations, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var organization = await organizations.RenameAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"), body.Name, ct);
        return TypedResults.Ok(organization.ToResponse());
    }

    private static async Task<Ok<PageResponse<MemberResponse>>> ListMembersAsync(string organization_id, HttpContext http,
        OrganizationService organizations, IAccountStore accounts, CancellationToken ct)
    {
        var page = await organizations.ListMembersAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"), V1Paging.Read(http), ct);
        var users = new Dictionary<string, User?>(StringComparer.Ordinal);
        foreach (var member in page.Items)
        {
            users[member.UserId] = await accounts.FindUserAsync(member.UserId, ct);
        }

        return TypedResults.Ok(V1Paging.Respond(http, page, m => m.UserId, m => new MemberResponse(
            new UserRef(m.UserId, users[m.UserId]?.Username ?? string.Empty, users[m.UserId]?.DisplayName), m.Role.ToWire(), m.CreatedAt)));
    }

    private static async Task<Ok<MemberResponse>> SetMemberRoleAsync(string organization_id, string user_id, RoleRequest body, HttpContext http,
        OrganizationService organizations, UserService users, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var role = WireEnums.OrganizationRole(body.Role);
        var member = await organizations.SetMemberRoleAsync(http.RequireCaller(), Validate.Id(organization_id, "The organization"),
            Validate.Id(user_id, "The user"), role, ct);
        var user = await users.GetAsync(member.UserId, ct);
        return TypedResults.Ok(new MemberResponse(new UserRef(user.Id, user.Username, user.DisplayName), member.Role.ToWire(), member.CreatedAt));
    }
}
