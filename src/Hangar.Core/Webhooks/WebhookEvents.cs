using Hangar.Core.Errors;
using Hangar.Core.Runs;

namespace Hangar.Core.Webhooks;

/// <summary>
/// The events a webhook can receive: Robocorp's three run events, and Hangar's <see cref="RunStopped"/> and
/// <see cref="WorkItemFailed"/>. A run callback receives the first three, named by their short names.
/// </summary>
public static class WebhookEvents
{
    public const string RunStarted = "process_run.started";
    public const string RunCompleted = "process_run.completed";
    public const string RunUnresolved = "process_run.unresolved";
    public const string RunStopped = "process_run.stopped";
    public const string WorkItemFailed = "work_item.failed";

    /// <summary>What "Send test event" sends; never subscribed to.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } = [RunStarted, RunCompleted, RunUnresolved, RunStopped, WorkItemFailed];

    /// <summary>The event a run's move into <paramref name="state"/> raises, or null (a move no event reports).</summary>
    public static string? ForRunState(ProcessRunState state) => state switch
    {
        ProcessRunState.InProgress => RunStarted,
        ProcessRunState.Completed => RunCompleted,
        ProcessRunState.Unresolved => RunUnresolved,
        ProcessRunState.Stopped => RunStopped,
        _ => null,
    };

    /// <summary>The name a trigger's <c>callback_events</c> uses for <paramref name="eventName"/> (started, completed, unresolved), or null.</summary>
    public static string? CallbackName(string eventName) => eventName switch
    {
        RunStarted => "started",
        RunCompleted => "completed",
        RunUnresolved => "unresolved",
        _ => null,
    };

    /// <summary>The given events, checked, without duplicates, in catalog order.</summary>
    public static List<string> Canonicalize(IEnumerable<string?>? events)
    {
        var given = events?.ToList() ?? [];
        if (given.Count == 0)
        {
            throw HangarException.Invalid("invalid_events", "'enabled_events' must list at least one event.");
        }

        foreach (var name in given)
        {
            if (name is null || !All.Contains(name))
            {
                throw HangarException.Invalid("invalid_events", $"'{name}' is not an event; 'enabled_events' may list: {string.Join(", ", All)}.");
            }
        }

        return All.Where(given.Contains).ToList();
    }
}
