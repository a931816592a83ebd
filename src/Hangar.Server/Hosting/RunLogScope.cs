namespace Hangar.Server.Hosting;

/// <summary>
/// The fields that put a log line on a run: <c>WorkspaceId</c>, <c>ProcessRunId</c> and, when known, <c>StepRunId</c>,
/// as a logging scope (the JSON log writes them under <c>Scopes</c>), so that "what happened to run X" is one filter.
/// </summary>
public static class RunLogScope
{
    public static IDisposable? Begin(ILogger logger, string? workspaceId, string? processRunId, string? stepRunId = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var fields = new List<KeyValuePair<string, object?>>(3);
        Add(fields, "WorkspaceId", workspaceId);
        Add(fields, "ProcessRunId", processRunId);
        Add(fields, "StepRunId", stepRunId);
        return fields.Count == 0 ? null : logger.BeginScope(fields);
    }

    public static IDisposable? Begin(ILogger logger, Core.Domain.StepRun stepRun)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        return Begin(logger, stepRun.WorkspaceId, stepRun.ProcessRunId, stepRun.Id);
    }

    private static void Add(List<KeyValuePair<string, object?>> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new KeyValuePair<string, object?>(name, value));
        }
    }
}
