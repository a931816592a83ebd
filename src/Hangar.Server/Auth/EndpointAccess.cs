using Hangar.Core.Security;

namespace Hangar.Server.Auth;

/// <summary>
/// Route declarations of who may call them, enforced by <see cref="AccessMiddleware"/>. Every route of <c>/api/v1</c> carries exactly one of these (or is
/// anonymous on purpose); a test walks them all.
/// </summary>
public static class EndpointAccess
{
    private static readonly IReadOnlySet<CallerKind> AnyCaller = new HashSet<CallerKind> { CallerKind.User, CallerKind.ApiKey, CallerKind.UserToken };
    private static readonly IReadOnlySet<CallerKind> UsersOnly = new HashSet<CallerKind> { CallerKind.User };
    private static readonly IReadOnlySet<CallerKind> SignedRequests = new HashSet<CallerKind> { CallerKind.AccessCredential };
    private static readonly IReadOnlySet<CallerKind> ProcessSecrets = new HashSet<CallerKind> { CallerKind.ProcessSecret };
    private static readonly IReadOnlySet<CallerKind> VendedTokens = new HashSet<CallerKind> { CallerKind.UserToken };
    private static readonly IReadOnlySet<CallerKind> Workers = new HashSet<CallerKind> { CallerKind.Worker };

    /// <summary>
    /// Who may use the surfaces robots call at run time (<c>/secrets-v1</c>, <c>/json-v1</c>, the robot routes of
    /// <c>/process-v1</c>): run tokens, and workspace keys and vended tokens (people debugging a robot). The workspace
    /// and permission checks apply to every kind alike; run tokens are narrowed further to their own run by the handlers.
    /// </summary>
    private static readonly IReadOnlySet<CallerKind> RobotCallers = new HashSet<CallerKind> { CallerKind.ApiKey, CallerKind.UserToken, CallerKind.RunToken };

    /// <summary>Asset storage: everyone of the v1 surface, and robots with their run tokens (robocorp-storage).</summary>
    private static readonly IReadOnlySet<CallerKind> AssetCallers = new HashSet<CallerKind>
    {
        CallerKind.User, CallerKind.ApiKey, CallerKind.UserToken, CallerKind.RunToken,
    };

    /// <summary>A workspace route that needs <paramref name="permission"/> there (null: any access to the workspace).</summary>
    public static TBuilder RequireWorkspacePermission<TBuilder>(this TBuilder builder, string? permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = AnyCaller, InWorkspace = true, Permission = permission });

    /// <summary>
    /// A workspace route that needs <paramref name="permission"/> or <paramref name="robocorpPermission"/>, the one
    /// Robocorp's v1 document names for it; either passes.
    /// </summary>
    public static TBuilder RequireWorkspacePermission<TBuilder>(this TBuilder builder, string permission, string robocorpPermission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = AnyCaller, InWorkspace = true, Permission = permission, AlsoAccepted = robocorpPermission });

    /// <summary>A workspace route for workspace admins signed in as people; keys never qualify.</summary>
    public static TBuilder RequireWorkspaceAdminSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = UsersOnly, InWorkspace = true, AdminSessionOnly = true });

    /// <summary>A route about the signed-in person (profile, organizations, users).</summary>
    public static TBuilder RequireUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = UsersOnly });

    /// <summary>A route any authenticated caller may use; the handler narrows what it shows.</summary>
    public static TBuilder RequireAnyCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = AnyCaller });

    /// <summary>A token-vendor route: requests signed with an access credential (<c>robocloud-hmac</c>).</summary>
    public static TBuilder RequireSignedCredential<TBuilder>(this TBuilder builder, bool inWorkspace)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = SignedRequests, InWorkspace = inWorkspace });

    /// <summary>A route for tools holding a vended Bearer token (rcc's workspace and robot calls).</summary>
    public static TBuilder RequireVendedToken<TBuilder>(this TBuilder builder, string? permission = null, bool inWorkspace = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = VendedTokens, InWorkspace = inWorkspace, Permission = permission });

    /// <summary>
    /// A route robots call at run time: <see cref="RobotCallers"/> with <paramref name="permission"/> in the workspace. A vended
    /// token holds vault permissions only when issued for <c>run/robot</c>, so the permission also selects the capability.
    /// </summary>
    public static TBuilder RequireRobotPermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = RobotCallers, InWorkspace = true, Permission = permission });

    /// <summary>
    /// An asset route: <see cref="AssetCallers"/> with <paramref name="permission"/> in the workspace (or
    /// <paramref name="robocorpPermission"/>, Robocorp's, where it names another).
    /// </summary>
    public static TBuilder RequireAssetPermission<TBuilder>(this TBuilder builder, string permission, string? robocorpPermission = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = AssetCallers, InWorkspace = true, Permission = permission, AlsoAccepted = robocorpPermission });

    /// <summary>The deprecated process-specific route: the process's own secret, which may only start that process.</summary>
    public static TBuilder RequireProcessSecret<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = ProcessSecrets, InWorkspace = true, Permission = Permissions.TriggerProcesses });

    /// <summary>A worker protocol route: a linked worker's credential (<c>Bearer hgw_...</c>); the handler narrows it to the worker's own step runs.</summary>
    public static TBuilder RequireWorker<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new AccessRequirement { Callers = Workers });

    private static TBuilder Require<TBuilder>(this TBuilder builder, AccessRequirement requirement)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(requirement);
        return builder;
    }
}
