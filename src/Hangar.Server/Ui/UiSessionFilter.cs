using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Hangar.Server.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Hangar.Server.Ui;

/// <summary>
/// Every UI page passes here: people who are not signed in are sent to the sign-in page; a workspace in the route is
/// resolved to what the user may do there (an unknown or foreign workspace is "not found", as in the API); refusals
/// from the services become an error page instead of the API's JSON.
/// </summary>
public sealed class UiSessionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        // Pages show private data and sometimes secrets: never cached, never framed. (Exactly what anti-forgery
        // sets on pages with forms, so it has nothing to override and nothing to warn about.)
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers["Content-Security-Policy"] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
        http.Response.Headers["Referrer-Policy"] = "same-origin";
        http.Response.Headers.XContentTypeOptions = "nosniff";

        var caller = http.GetCaller();
        var anonymous = context.HandlerInstance.GetType().IsDefined(typeof(AnonymousPageAttribute), false);
        var chrome = new UiChrome { User = caller?.Kind == CallerKind.User ? caller : null };
        http.Features.Set(chrome);
        if (!anonymous)
        {
            if (chrome.User is null)
            {
                var back = http.Request.Method == HttpMethods.Get ? http.Request.Path + http.Request.QueryString : "/";
                context.Result = new RedirectResult("/login?returnUrl=" + Uri.EscapeDataString(back));
                return;
            }

            try
            {
                await LoadWorkspaceAsync(http, chrome, context.RouteData.Values["workspace_id"] as string);
            }
            catch (HangarException ex)
            {
                context.Result = ErrorResult(ex);
                return;
            }
        }

        var executed = await next();
        if (executed.Exception is HangarException refusal && !executed.ExceptionHandled)
        {
            executed.Result = ErrorResult(refusal);
            executed.ExceptionHandled = true;
        }
    }

    private static async Task LoadWorkspaceAsync(HttpContext http, UiChrome chrome, string? workspaceId)
    {
        var services = http.RequestServices;
        var user = chrome.User!;
        chrome.Workspaces = (await services.GetRequiredService<WorkspaceService>()
            .ListAsync(user, PageRequest.First(PageRequest.MaxLimit), http.RequestAborted)).Items;
        chrome.ManagesUsers = await services.GetRequiredService<UserService>().ManagesUsersAsync(user, http.RequestAborted);
        chrome.PendingInvitations = await services.GetRequiredService<Core.Invitations.InvitationService>().CountMineAsync(user, http.RequestAborted);
        if (workspaceId is null)
        {
            return;
        }

        if (!Ids.IsWellFormed(workspaceId))
        {
            throw HangarException.NotFound("The workspace");
        }

        chrome.Grant = await services.GetRequiredService<WorkspaceAccess>().ResolveAsync(user, workspaceId, http.RequestAborted);
        chrome.Workspace = chrome.Workspaces.FirstOrDefault(w => w.Id == workspaceId)
            ?? await services.GetRequiredService<WorkspaceService>().GetAsync(workspaceId, http.RequestAborted);
    }

    /// <summary>The error page for a refusal, with the status code the API would give.</summary>
    public static IActionResult ErrorResult(HangarException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var status = ApiErrors.StatusOf(refusal.Kind);
        return new ViewResult
        {
            ViewName = "/Ui/Pages/Shared/ErrorView.cshtml",
            StatusCode = status,
            ViewData = new ViewDataDictionary<UiError>(new EmptyModelMetadataProvider(), new ModelStateDictionary())
            {
                Model = new UiError(status, refusal.Code, refusal.Message),
            },
        };
    }
}
