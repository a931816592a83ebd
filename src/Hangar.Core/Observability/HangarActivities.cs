using System.Diagnostics;

namespace Hangar.Core.Observability;

/// <summary>
/// The <c>Hangar</c> activity source and the names and attributes of its spans. A run's trace starts at the trigger
/// request; the run keeps that context (<see cref="Domain.ProcessRun.TraceParent"/>) so the claim, the robot and the
/// robot's runtime calls, on whichever node or worker, continue it.
/// </summary>
public static class HangarActivities
{
    public const string SourceName = "Hangar";

    public const string RunId = "hangar.run.id";
    public const string StepRunId = "hangar.step_run.id";
    public const string WorkItemId = "hangar.work_item.id";
    public const string ProcessId = "hangar.process.id";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The W3C traceparent of <paramref name="activity"/>, or null when there is none (nothing traces).</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    /// <summary>Starts a span continuing <paramref name="traceParent"/> (or a new trace when it is null or malformed); null when nothing listens.</summary>
    public static Activity? StartChild(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The request's own span (a worker's claim, a robot's call) stays linked, so either end finds the other.
        var links = Activity.Current is { } current ? new[] { new ActivityLink(current.Context) } : null;
        return traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent, links: links)
            : Source.StartActivity(name, kind);
    }
}
