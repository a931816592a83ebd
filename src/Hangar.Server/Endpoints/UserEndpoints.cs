using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>The signed-in user's profile, and user management for organization owners.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users").WithTags("Users").RequireUser();
        group.MapGet("/me", GetMeAsync).WithSummary("The signed-in user and their organizations.");
        group.MapPut("/me/password", ChangeOwnPasswordAsync).WithSummary("Change your own password (needs the current one).");
        group.MapGet("/", ListAsync).WithSummary("Users of the organizations you own (every user for an instance administrator).");
        group.MapPost("/", CreateAsync).WithSummary("Create a user in an organization you own.");
        group.MapGet("/{user_id}", GetAsync).WithSummary("One user of an organization you own.");
        group.MapPost("/{user_id}/disable", DisableAsync)
            .WithSummary("Disable a user you manage (one of your organizations alone; any for instance administrators): their sessions end.");
        group.MapPost("/{user_id}/enable", EnableAsync).WithSummary("Enable a disabled user you manage.");
        group.MapPut("/{user_id}/password", SetPasswordAsync).WithSummary("Set the password of a user you manage; their sessions end.");
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(HttpContext http, UserService users, IAccountStore accounts, CancellationToken ct)
    {
        var caller = http.RequireCaller();
        var user = await users.GetAsync(caller.UserId!, ct);
        var memberships = await accounts.ListMembershipsOfUserAsync(user.Id, ct);
        var organizations = new List<MembershipResponse>();
        foreach (var m in memberships.OrderBy(m => m.OrganizationId, StringComparer.Ordinal))
        {
            var organization = await accounts.FindOrganizationAsync(m.OrganizationId, ct);
            organizations.Add(new MembershipResponse(m.OrganizationId, organization?.Name ?? string.Empty, m.Role.ToWire()));
        }

        return TypedResults.Ok(new MeResponse(user.Id, user.Username, user.DisplayName, organizations, user.IsInstanceAdmin));
    }

    private static async Task<NoContent> ChangeOwnPasswordAsync(ChangePasswordRequest body, HttpContext http, UserService users, CancellationToken ct)
    {
        Validate.Required(body, "body");
        await users.ChangeOwnPasswordAsync(http.RequireCaller(), body.CurrentPassword, body.NewPassword, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PageResponse<UserResponse>>> ListAsync(HttpContext http, UserService users, CancellationToken ct)
    {
        var page = await users.ListAsync(http.RequireCaller(), V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, u => u.Id, u => u.ToResponse()));
    }

    private static async Task<Ok<UserResponse>> CreateAsync(CreateUserRequest body, HttpContext http, UserService users, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var user = await users.CreateAsync(http.RequireCaller(), body.Username, body.Password, body.DisplayName, body.Organization?.Id, ct);
        return TypedResults.Ok(user.ToResponse());
    }

    private static async Task<Ok<UserResponse>> GetAsync(string user_id, HttpContext http, UserService users, CancellationToken ct)
    {
        // Listing is scoped to owned organizations; reading one user goes through the same scope.
        var caller = http.RequireCaller();
        if (user_id != caller.UserId)
        {
            var user = await users.GetVisibleAsync(caller, Validate.Id(user_id, "The user"), ct);
            return TypedResults.Ok(user.ToResponse());
        }

        return TypedResults.Ok((await users.GetAsync(user_id, ct)).ToResponse());
    }

    private static async Task<Ok<UserResponse>> DisableAsync(string user_id, HttpContext http, UserService users, CancellationToken ct) =>
        TypedResults.Ok((await users.SetDisabledAsync(http.RequireCaller(), Validate.Id(user_id, "The user"), true, ct)).ToResponse());

    private static async Task<Ok<UserResponse>> EnableAsync(string user_id, HttpContext http, UserService users, CancellationToken ct) =>
        TypedResults.Ok((await users.SetDisabledAsync(http.RequireCaller(), Validate.Id(user_id, "The user"), false, ct)).ToResponse());

    private static async Task<NoContent> SetPasswordAsync(string user_id, SetPasswordRequest body, HttpContext http, UserService users, CancellationToken ct)
    {
        Validate.Required(body, "body");
        await users.SetPasswordAsync(http.RequireCaller(), Validate.Id(user_id, "The user"), body.NewPassword, ct);
        return TypedResults.NoContent();
    }
}
