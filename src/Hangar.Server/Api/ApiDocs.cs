using Hangar.Core.Security;
using Hangar.Server.Auth;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Hangar.Server;

/// <summary>
/// One OpenAPI document per HTTP surface under <c>/openapi/{name}.json</c>, and the interactive "try it" page at
/// <c>/api/docs</c> (Scalar, served from this server: it works with no internet). Each operation states the
/// permission it needs, read from the same declaration the authorization filter enforces.
/// </summary>
public static class ApiDocs
{
    public const string V1 = "v1";
    public const string Rcc = "rcc";
    public const string ProcessV1 = "process-v1";
    public const string Legacy = "legacy";
    public const string Blobs = "blobs";
    public const string SecretsV1 = "secrets-v1";
    public const string JsonV1 = "json-v1";
    public const string WorkerV1 = "worker-v1";

    /// <summary>Every document the server publishes, with its title; later surfaces add theirs here.</summary>
    public static IReadOnlyList<(string Name, string Title)> Documents { get; } =
    [
        (V1, "Hangar Control Room API v1"),
        (Rcc, "rcc cloud API (token vendor, workspaces, robots)"),
        (ProcessV1, "Process API (legacy, RPA.Robocorp.Process)"),
        (Legacy, "Process-specific API (deprecated)"),
        (Blobs, "Signed URLs (uploads and downloads without credentials)"),
        (SecretsV1, "Vault for robots (secrets-v1, robocloud-vault-transit-v2)"),
        (JsonV1, "Work item payloads and files for robots (json-v1)"),
        (WorkerV1, "Worker protocol (link, claim, heartbeat, console, artifacts, complete)"),
    ];

    public static IServiceCollection AddHangarApiDocs(this IServiceCollection services)
    {
        foreach (var (name, title) in Documents)
        {
            services.AddOpenApi(name, o =>
            {
                o.ShouldInclude = d => d.GroupName == name;
                o.AddDocumentTransformer((document, context, _) =>
                {
                    document.Info = new OpenApiInfo { Title = title, Version = name };
                    // The server "try it" calls: the public URL, not the Host header the document was asked with.
                    document.Servers = [new OpenApiServer { Url = context.ApplicationServices.GetRequiredService<Hosting.PublicUrl>().Value }];
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                    document.Components.SecuritySchemes["robocloud-hmac"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "Authorization",
                        Description = "An access credential's request signature, 'robocloud-hmac <identifier> <signature>' with 'authorization-timestamp'.",
                    };
                    document.Components.SecuritySchemes["RC-WSKEY"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "Authorization",
                        Description = "A workspace API key, sent as 'RC-WSKEY <key>'.",
                    };
                    OpenApiConventions.AddErrorSchemas(document);
                    return Task.CompletedTask;
                });
                o.AddOperationTransformer((operation, context, ct) =>
                {
                    var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRequirement>().FirstOrDefault();
                    operation.Description = Describe(requirement);
                    return OpenApiConventions.ApplyAsync(operation, context, ct);
                });
                o.AddSchemaTransformer(OpenApiEnums.ApplyAsync);
            });
        }

        return services;
    }

    public static void MapHangarApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", (o, http) =>
        {
            // The page's one inline script carries a fresh nonce, which the Content-Security-Policy names.
            o.WithNonce();
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.XContentTypeOptions = "nosniff";
                if (http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                {
                    http.Response.Headers.ContentSecurityPolicy = DocsPolicy(nonce);
                }

                return Task.CompletedTask;
            });
            // Nothing from elsewhere: the page works without internet, and the policy allows this server only.
            o.DisableDefaultFonts();
            o.DisableTelemetry();
            o.DisableAgent();
            o.DisableMcp();
            // A self-hosted install has nothing to deploy or generate through Scalar's services: no toolbar, no client button.
            o.HideDeveloperTools();
            o.HideClientButton();
            o.WithFavicon("/ui/assets/" + Ui.UiSetup.FaviconAsset);
            o.AddHeadContent("<script src=\"/ui/assets/api-docs.js\"></script>");
            o.WithTitle("Hangar API");
            o.WithOpenApiRoutePattern("/openapi/{documentName}.json");
            foreach (var (name, title) in Documents)
            {
                o.AddDocument(name, title);
            }
        }).AllowAnonymous();
    }

    /// <summary>
    /// What the docs page may load: its scripts and styles from this server only (Scalar's bundle injects style elements
    /// as it renders, hence 'unsafe-inline' for styles, never for scripts), requests to this server only ("try it"), and
    /// no framing.
    /// </summary>
    public static string DocsPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The access line shown on each operation.</summary>
    public static string Describe(AccessRequirement? requirement) => requirement switch
    {
        null => "No authentication needed.",
        _ when requirement.Callers.Count == 1 && requirement.Callers.Contains(CallerKind.UserToken) && requirement.Permission is { } p =>
            $"A Bearer token vended to an access credential, allowing `{p}`.",
        _ when requirement.Callers.Count == 1 && requirement.Callers.Contains(CallerKind.Worker) =>
            "A linked worker's credential ('Authorization: Bearer hgw_...'); only the worker's own step runs.",
        { AdminSessionOnly: true } => "Workspace admins signed in to Hangar only (no API keys).",
        _ when requirement.Callers.Count == 1 && requirement.Callers.Contains(CallerKind.ProcessSecret) =>
            "The process's own secret in the 'robocloud-process-secret' header (deprecated).",
        _ when requirement.Callers.Contains(CallerKind.AccessCredential) => "A request signed with an access credential (robocloud-hmac).",
        _ when requirement.Callers.Count == 1 && requirement.Callers.Contains(CallerKind.UserToken) => "A Bearer token vended to an access credential.",
        { InWorkspace: true, Permission: { } p } when !requirement.Callers.Contains(CallerKind.User) =>
            $"Permission: `{p}` in the workspace, for a robot's run token (Bearer hgr_..., its own run only), a workspace key (RC-WSKEY) or a vended Bearer token (run/robot); not for sessions.",
        { InWorkspace: true, Permission: { } p, AlsoAccepted: { } robocorp } => $"Permission: `{p}` or `{robocorp}` (Robocorp's) in the workspace.",
        { InWorkspace: true, Permission: { } p } => $"Permission: `{p}` in the workspace.",
        { InWorkspace: true } => "Any credential of the workspace.",
        _ when requirement.Callers.Count == 1 => "Signed-in users only (session).",
        _ => "Any authenticated caller.",
    };
}
