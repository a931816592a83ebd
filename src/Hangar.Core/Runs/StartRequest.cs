namespace Hangar.Core.Runs;

/// <summary>A trigger, as any surface received it.</summary>
/// <param name="Kind">What to start the run with.</param>
/// <param name="Payloads">For <see cref="StartKind.WithPayloads"/>: JSON texts (null: an item without payload).</param>
/// <param name="WorkItemIds">For <see cref="StartKind.WithWorkItemIds"/>.</param>
/// <param name="Callback">Where to report run events, or null.</param>
/// <param name="RunPerPayload">Start one run per payload (process-v1 runs-batch) instead of one run with them all.</param>
public sealed record StartRequest(StartKind Kind, IReadOnlyList<string?> Payloads, IReadOnlyList<string> WorkItemIds, RunCallback? Callback,
    bool RunPerPayload = false)
{
    /// <summary>A schedule's claim of the time this start fires, written in the start's transaction (null for every other trigger).</summary>
    public Schedules.ScheduleClaim? Claim { get; init; }

    /// <summary>
    /// Which surface received the trigger, for the runs-started metric: <c>v1</c> (also the UI), <c>process-v1</c>,
    /// <c>legacy</c> (the process secret's <c>/workspace-v1</c> route), <c>schedule</c> or <c>email</c>.
    /// </summary>
    public string Surface { get; init; } = "v1";

    public static StartRequest Default { get; } = new(StartKind.Default, [], [], null);

    /// <summary>For one payload only: the input item's id and files, prepared by the caller (the email trigger).</summary>
    public PreparedInputItem? InputItem { get; init; }

    public static StartRequest WithPayload(string? payload) => new(StartKind.WithPayloads, [payload], [], null);
}
