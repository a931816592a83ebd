using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>One process: its steps, its latest runs, and Run with an optional JSON payload.</summary>
public sealed class ProcessModel(ProcessService processes, TaskPackageService packages, RunService runs) : UiPage
{
    public const int RecentRuns = 10;

    private static readonly JsonDocumentOptions PayloadOptions = new() { MaxDepth = 64 };

    public Process Process { get; private set; } = null!;

    /// <summary>Robot names by package id (a deleted robot has none).</summary>
    public IReadOnlyDictionary<string, string> RobotNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<ProcessRun> Runs { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    [BindProperty]
    public string? Payload { get; set; }

    /// <summary>A fresh key per form, so a double-submitted Run starts one run (the trigger's Idempotency-Key).</summary>
    [BindProperty]
    public string? RunKey { get; set; }

    public string? PayloadError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        RunKey = Guid.NewGuid().ToString("N");
    }

    /// <summary>Starts a run as the v1 trigger does: no payload → the process's default, else one input item with it.</summary>
    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        Require(Permissions.TriggerProcesses);
        await LoadAsync(ct);
        var payload = string.IsNullOrWhiteSpace(Payload) ? null : Payload.Trim();
        if (payload is not null && ParseError(payload) is { } error)
        {
            return RunError(error);
        }

        var request = payload is null ? StartRequest.Default : StartRequest.WithPayload(payload);
        var key = RunKey is { Length: 32 } k && k.All(char.IsAsciiHexDigitLower) ? "ui-" + k : null;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"ui run {Process.Id}\n{payload}")));
        StartOutcome outcome;
        try
        {
            outcome = await runs.StartAsync(Caller.StartedBy(), WorkspaceId, Process.Id, request, key, hash, ct);
        }
        catch (HangarException ex) when (ex.Kind != ErrorKind.NotFound)
        {
            return RunError(ex.Message, ex);
        }

        if (outcome.Runs.Count == 0)
        {
            Notice = "Nothing to run: the process has no input waiting.";
            return LocalRedirect($"/workspaces/{WorkspaceId}/processes/{Process.Id}");
        }

        var run = outcome.Runs[0];
        Notice = outcome.Replayed ? $"Run #{run.Number} had already started from this form." : $"Run #{run.Number} started.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/runs/{run.Id}");
    }

    /// <summary>Where the JSON text is wrong, as people count lines and columns; null when it parses.</summary>
    private static string? ParseError(string payload)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload, PayloadOptions);
            return null;
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1})" : "";
            return $"The payload is not valid JSON{where}. Write a JSON value such as {{\"invoice\": 42}}, or leave it empty.";
        }
    }

    private PageResult RunError(string message, HangarException? refusal = null)
    {
        PayloadError = message;
        RunKey = Guid.NewGuid().ToString("N");
        Response.StatusCode = refusal is null ? StatusCodes.Status400BadRequest : Errors.ApiErrors.StatusOf(refusal.Kind);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.ReadProcesses);
        Process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Can(Permissions.ReadTaskPackages))
        {
            foreach (var id in Process.Steps.Select(s => s.TaskPackageId).Distinct(StringComparer.Ordinal))
            {
                try
                {
                    names[id] = (await packages.GetAsync(WorkspaceId, id, ct)).Name;
                }
                catch (HangarException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    // A deleted robot: the step shows its id.
                }
            }
        }

        RobotNames = names;
        if (Can(Permissions.ReadRuns))
        {
            Runs = (await runs.ListAsync(WorkspaceId, new RunFilter(Process.Id), PageRequest.First(RecentRuns), ct)).Items;
        }
    }
}
