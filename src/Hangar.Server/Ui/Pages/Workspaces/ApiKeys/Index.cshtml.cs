using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.ApiKeys;

/// <summary>
/// The API tab: the workspace's keys with their permissions and usage; workspace admins add, view, edit and delete
/// them. A key's value only ever appears in the body of a POST answer (after Add or View), never in a URL.
/// </summary>
public sealed class ApiKeysModel(ApiKeyService keys, ProcessService processes) : UiPage
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public string? NextAfter { get; private set; }

    /// <summary>Workspace admins manage keys; everyone else with read access sees the tab read-only.</summary>
    public bool CanManage => Chrome.Grant is { IsAdmin: true };

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Whether the Add form is open.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Add { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Permissions { get; set; } = [];

    [BindProperty]
    public DateTime? ExpiresOn { get; set; }

    [BindProperty]
    public string? KeyId { get; set; }

    /// <summary>The key whose value is shown, after Add or View.</summary>
    public (ApiKey Key, string Value, bool New)? Revealed { get; private set; }

    /// <summary>The processes the curl's picker offers (none without <c>Processes.read_processes</c>).</summary>
    public IReadOnlyList<(string Id, string Name)> Processes { get; private set; } = [];

    /// <summary>How many processes the picker offers at most; the curl names any other by its id.</summary>
    public const int PickerSize = 200;

    public ApiKeyUsage UsageOf(ApiKey key) => keys.UsageOf(key);

    /// <summary>Roles without <c>ApiKeys.read_api_keys</c> (developers, viewers) see the tab but not the keys.</summary>
    public bool CanRead => Can(Core.Security.Permissions.ReadApiKeys);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Add = Add && CanManage;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        RequireWorkspaceAdmin("manage API keys");
        try
        {
            var expiresAt = UiFormat.EndOfDayUtc(ExpiresOn);
            var (key, value) = await keys.CreateAsync(Caller, Grant, Name, Permissions, expiresAt, ct);
            Revealed = (key, value, true);
            Add = false;
            Name = null;
            Permissions = [];
            ModelState.Clear();
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest || ex.Kind == ErrorKind.Forbidden)
        {
            Add = true;
            await LoadAsync(ct);
            return FormError(ex);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostViewAsync(CancellationToken ct)
    {
        RequireWorkspaceAdmin("manage API keys");
        var key = await keys.GetAsync(WorkspaceId, KeyId ?? "", ct);
        Revealed = (key, await keys.RevealAsync(Caller, WorkspaceId, key.Id, ct), false);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "api";
        if (Can(Core.Security.Permissions.ReadProcesses))
        {
            var offered = await processes.ListAsync(WorkspaceId, PageRequest.First(PickerSize), ct);
            Processes = offered.Items.Select(p => (p.Id, p.Name)).ToList();
        }

        if (!CanRead)
        {
            return;
        }

        var page = await keys.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Keys = page.Items;
        NextAfter = page.NextAfter(k => k.Id);
    }
}
