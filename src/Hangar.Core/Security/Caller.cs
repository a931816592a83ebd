namespace Hangar.Core.Security;

/// <summary>
/// Who is making a request, after authentication. Users get their permissions per workspace from their role;
/// an API key carries a fixed workspace and a fixed set of permissions.
/// </summary>
public sealed record Caller
{
    public required CallerKind Kind { get; init; }

    /// <summary>The user's id, or the API key's id.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The person behind the call: the user, or for tokens the user they were vended to.</summary>
    public string? UserId { get; init; }

    /// <summary>For API keys (and workspace-scoped vended tokens): the one workspace the credential works in.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>For API keys and vended tokens: the permissions granted, canonical names.</summary>
    public IReadOnlySet<string>? GrantedPermissions { get; init; }

    /// <summary>For vended tokens: the capability set they were issued for (e.g. <c>view/workspaces</c>).</summary>
    public string? Capability { get; init; }

    public string? ClientAddress { get; init; }

    /// <summary>For API keys: when the key expires (null: never). A key can never hand out more time than it has.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>For a signed-in session: the session's id (never its token), so what the session authorized can end with it.</summary>
    public string? SessionId { get; init; }

    /// <summary>For run tokens: the process, run and step run the robot may touch; null for every other caller.</summary>
    public RunScope? Run { get; init; }

    public static Caller System(string name = "hangar admin") =>
        new() { Kind = CallerKind.System, Id = "system", Name = name };

    public static Caller Anonymous(string? clientAddress) =>
        new() { Kind = CallerKind.Anonymous, Id = "anonymous", Name = "anonymous", ClientAddress = clientAddress };

    public string ActorType => Kind switch
    {
        CallerKind.User => "user",
        CallerKind.ApiKey => "api_key",
        CallerKind.UserToken => "user_token",
        CallerKind.AccessCredential => "access_credential",
        CallerKind.ProcessSecret => "process_secret",
        CallerKind.RunToken => "run_token",
        CallerKind.Worker => "worker",
        CallerKind.Anonymous => "anonymous",
        _ => "system",
    };
}
