using Hangar.Core.Security;

namespace Hangar.Server.Auth;

/// <summary>
/// What a route requires, declared on the route itself and read by the authorization filter, the OpenAPI
/// documents and the route-walking tests.
/// </summary>
public sealed record AccessRequirement
{
    /// <summary>Callers that may use the route at all.</summary>
    public required IReadOnlySet<CallerKind> Callers { get; init; }

    /// <summary>True when the route is under <c>/workspaces/{workspace_id}</c> and the caller must have access there.</summary>
    public bool InWorkspace { get; init; }

    /// <summary>The permission needed in that workspace; null when any access to the workspace is enough.</summary>
    public string? Permission { get; init; }

    /// <summary>
    /// The permission Robocorp's v1 document names for the route, where it differs from <see cref="Permission"/>: a key
    /// scoped as Robocorp documents works, and so does one scoped as Hangar asks. Null when there is none.
    /// </summary>
    public string? AlsoAccepted { get; init; }

    /// <summary>Only a workspace admin signed in as a person (e.g. revealing a key's value).</summary>
    public bool AdminSessionOnly { get; init; }
}
