using Hangar.Core.Domain;
using Hangar.Core.EmailTriggers;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes.EmailTrigger;

/// <summary>
/// A process's email trigger on its own page, and the changes the process page's email panel posts here: on, off,
/// parsed or raw, and removing the address. Each change goes back to the process page.
/// </summary>
public sealed class EmailTriggerModel(ProcessService processes, EmailTriggerService triggers) : UiPage
{
    public Process Process { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostOnAsync(CancellationToken ct) => ChangeAsync(true, null, "Email is on: mail to the address starts runs.", ct);

    public Task<IActionResult> OnPostOffAsync(CancellationToken ct) => ChangeAsync(false, null, "Email is off: mail to the address is refused.", ct);

    public Task<IActionResult> OnPostParseAsync(CancellationToken ct) => ChangeAsync(null, true, "Messages are parsed into the work item from now on.", ct);

    public Task<IActionResult> OnPostRawAsync(CancellationToken ct) =>
        ChangeAsync(null, false, "Runs get the raw message in the payload rawEmail from now on.", ct);

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        Require(Permissions.WriteProcesses);
        await LoadAsync(ct);
        await triggers.DeleteAsync(Caller, WorkspaceId, Process.Id, ct);
        Notice = "The address was removed; mail to it is refused from now on.";
        return Back();
    }

    private async Task<IActionResult> ChangeAsync(bool? enabled, bool? parse, string notice, CancellationToken ct)
    {
        Require(Permissions.WriteProcesses);
        await LoadAsync(ct);
        try
        {
            await triggers.PutAsync(Caller, WorkspaceId, Process.Id, enabled, parse, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            return FormError(ex);
        }

        Notice = notice;
        return Back();
    }

    private LocalRedirectResult Back() => LocalRedirect($"/workspaces/{WorkspaceId}/processes/{Process.Id}#email-trigger");

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.ReadProcesses);
        Process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
    }
}
