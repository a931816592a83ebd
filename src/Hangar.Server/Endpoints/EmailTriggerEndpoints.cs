using Hangar.Contracts.V1;
using Hangar.Core.EmailTriggers;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>A process's email trigger over v1: its address, on or off, parsed or raw (see docs/email-trigger.md).</summary>
public static class EmailTriggerEndpoints
{
    public static void MapEmailTriggerEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/processes/{process_id}/email-trigger").WithTags("Processes");
        group.MapGet("/", GetAsync).RequireWorkspacePermission(Permissions.ReadProcesses)
            .WithSummary("The process's email trigger: its address (anyone who knows it can start runs), on or off, parsed or raw.");
        group.MapPut("/", PutAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Turn the email trigger on or off and choose parsing; the first call gives the process its address.");
        group.MapDelete("/", DeleteAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Remove the email trigger: its address is refused from now on; turning email on again gives a new one.");
    }

    private static async Task<Ok<EmailTriggerResponse>> GetAsync(string workspace_id, string process_id, HttpContext http, EmailTriggerService triggers,
        CancellationToken ct)
    {
        var view = await triggers.GetAsync(workspace_id, process_id, ct);
        // The address lets anyone start runs: answers with it are kept out of caches.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Ok<EmailTriggerResponse>> PutAsync(string workspace_id, string process_id, EmailTriggerRequest body, HttpContext http,
        EmailTriggerService triggers, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var view = await triggers.PutAsync(http.RequireCaller(), workspace_id, process_id, body.Enabled, body.Parse, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string process_id, HttpContext http, EmailTriggerService triggers,
        CancellationToken ct)
    {
        await triggers.DeleteAsync(http.RequireCaller(), workspace_id, process_id, ct);
        return TypedResults.Ok(new DeletedResponse(process_id, true));
    }

    private static EmailTriggerResponse ToResponse(EmailTriggerView view) => new(view.Address, view.Trigger.Enabled, view.Trigger.Parse);
}
