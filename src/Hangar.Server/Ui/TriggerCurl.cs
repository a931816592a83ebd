namespace Hangar.Server.Ui;

/// <summary>
/// A ready-to-copy curl that starts a process run with a workspace API key (Shared/_TriggerCurl): the key filled in
/// when the page has just shown it, the process chosen from a picker (or fixed, on a process's own page).
/// </summary>
/// <param name="Id">The curl's element id, unique on the page; the picker and the Copy button use it as a prefix.</param>
/// <param name="ServerUrl">This server's public URL.</param>
/// <param name="WorkspaceId">The workspace the key belongs to.</param>
/// <param name="Key">The key's value; null shows a placeholder.</param>
/// <param name="Processes">The processes a picker offers (id, name); empty shows no picker.</param>
/// <param name="ProcessId">The process the curl starts first; null: the first offered, else a placeholder.</param>
public sealed record TriggerCurl(
    string Id, string ServerUrl, string WorkspaceId, string? Key, IReadOnlyList<(string Id, string Name)> Processes, string? ProcessId = null)
{
    public const string KeyPlaceholder = "<your API key>";
    public const string ProcessPlaceholder = "<process id>";

    /// <summary>The process the curl names as rendered.</summary>
    public string SelectedProcess => ProcessId ?? (Processes.Count > 0 ? Processes[0].Id : ProcessPlaceholder);

    public string PickerId => Id + "-process";

    /// <summary>The curl up to the process id, and after it (the picker replaces the part between).</summary>
    public string Before => $"curl -X POST \"{ServerUrl}/api/v1/workspaces/{WorkspaceId}/processes/";

    public string After => "/process-runs\" \\\n"
                           + $"  -H \"Authorization: RC-WSKEY {Key ?? KeyPlaceholder}\" \\\n"
                           + "  -H \"Content-Type: application/json\" \\\n"
                           + "  -d '{\"type\": \"with_payloads\", \"payloads\": [{\"invoice\": 42}]}'";
}
