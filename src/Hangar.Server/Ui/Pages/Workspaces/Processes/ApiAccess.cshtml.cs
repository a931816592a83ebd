using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>
/// "Process API access": the deprecated per-process secret for the legacy start-run route. Generating (or rotating)
/// shows the value once, in the answer to the POST; only its hash is kept.
/// </summary>
public sealed class ProcessApiAccessModel(ProcessService processes, ProcessSecretService secrets) : UiPage
{
    public Process Process { get; private set; } = null!;
    public ProcessSecret? Secret { get; private set; }

    /// <summary>The value just generated; never stored, never shown again.</summary>
    public string? Revealed { get; private set; }

    public bool CanWrite => Can(Permissions.WriteProcesses);

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Generates the secret, or rotates it (the old value stops working at once).</summary>
    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        Require(Permissions.WriteProcesses);
        await LoadAsync(ct);
        var rotated = Secret is not null;
        Revealed = await secrets.GenerateAsync(Caller, WorkspaceId, Process.Id, ct);
        Secret = await secrets.FindAsync(WorkspaceId, Process.Id, ct);
        ViewData["Rotated"] = rotated;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        Require(Permissions.WriteProcesses);
        await LoadAsync(ct);
        await secrets.RevokeAsync(Caller, WorkspaceId, Process.Id, ct);
        Notice = "The process API secret was revoked; callers using it are refused from now on.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/processes/{Process.Id}/api-access");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.ReadProcesses);
        Process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
        Secret = await secrets.FindAsync(WorkspaceId, Process.Id, ct);
    }
}
