using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hangar.Core.Observability;

/// <summary>
/// Hangar's own instruments, all on the <c>Hangar</c> meter (docs/operations.md lists them). Services call the
/// <c>Record*</c> methods; each is a counter add or histogram record with at most three tags, so a hot path pays no
/// more than that. With no exporter configured nothing listens and the calls cost almost nothing. Gauges read the
/// last <see cref="MetricsSnapshot"/> the sampler took, never the database.
/// </summary>
public sealed class HangarMetrics : IDisposable
{
    public const string MeterName = "Hangar";

    private readonly Meter _meter;
    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsEnded;
    private readonly Histogram<double> _queueTime;
    private readonly Histogram<double> _startTime;
    private readonly Histogram<double> _stepRunDuration;
    private readonly Counter<long> _leaseExpiries;
    private readonly Counter<long> _requeues;
    private readonly Counter<long> _workItemTransitions;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _throttled;
    private readonly Histogram<long> _groupCommit;
    private volatile MetricsSnapshot _snapshot = MetricsSnapshot.Empty;

    /// <param name="meters">The host's meter factory; null (offline admin commands) makes a meter of its own.</param>
    public HangarMetrics(IMeterFactory? meters, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _runsStarted = _meter.CreateCounter<long>("hangar.runs.started", "{run}",
            "Runs a trigger asked for, by surface (v1, process-v1, legacy, schedule, email) and outcome (started, replayed, refused).");
        _runsEnded = _meter.CreateCounter<long>("hangar.runs.ended", "{run}", "Runs that reached an end state (completed, unresolved, stopped), by state.");
        _meter.CreateObservableGauge("hangar.step_runs.waiting", () => Snapshot.Waiting.Select(w => new Measurement<long>(w.Count, Group(w.WorkerGroup))),
            "{step_run}", "Step runs queued for a worker, per worker group (none: any worker of the workspace).");
        _meter.CreateObservableGauge("hangar.step_runs.oldest_waiting_age", () => Snapshot.Waiting.Select(w => new Measurement<double>(w.OldestAgeSeconds, Group(w.WorkerGroup))),
            "s", "How long the oldest queued step run of each worker group has waited.");
        _queueTime = _meter.CreateHistogram<double>("hangar.step_runs.queue_time", "s", "Time from a step run's queuing to a worker's claim of it.");
        _startTime = _meter.CreateHistogram<double>("hangar.step_runs.start_time", "s",
            "Time from a worker's claim of a step run to its robot's process starting (package download and setup included).");
        _stepRunDuration = _meter.CreateHistogram<double>("hangar.step_runs.duration", "s", "Time from a step run's claim to its end, by outcome (completed, failed).");
        _meter.CreateObservableGauge("hangar.workers", () => Snapshot.Workers.Select(w => new Measurement<long>(w.Count, new KeyValuePair<string, object?>("state", w.State))),
            "{worker}", "Linked workers by state (idle, busy, offline).");
        _leaseExpiries = _meter.CreateCounter<long>("hangar.leases.expired", "{step_run}",
            "Step runs whose worker stopped renewing the lease, by what the watchdog did (requeued, failed).");
        _requeues = _meter.CreateCounter<long>("hangar.step_runs.requeued", "{step_run}",
            "Step runs queued again, by reason (lease_expired, worker_released).");
        _workItemTransitions = _meter.CreateCounter<long>("hangar.work_items.transitions", "{work_item}",
            "Work items a robot or user moved, by the state they moved to (in_progress, done, failed, pending).");
        _webhookDeliveries = _meter.CreateCounter<long>("hangar.webhooks.deliveries", "{delivery}",
            "Webhook and run callback delivery attempts, by outcome (delivered, retry, failed).");
        _authFailures = _meter.CreateCounter<long>("hangar.auth.failures", "{request}", "Requests refused for a missing, wrong or expired credential.");
        _throttled = _meter.CreateCounter<long>("hangar.auth.throttled", "{block}",
            "Client addresses or presented names blocked for a minute after too many failed authentications.");
        _groupCommit = _meter.CreateHistogram<long>("hangar.db.group_commit.size", "{trigger}",
            "Triggers written together in one SQLite transaction by the run-start group commit.");
        _meter.CreateObservableGauge("hangar.leader", () => ReferenceEquals(Snapshot, MetricsSnapshot.Empty)
                ? []
                : new[] { new Measurement<long>(Snapshot.Leader ? 1 : 0, new KeyValuePair<string, object?>("node", options.NodeName)) },
            "{node}", "1 while this node leads (runs schedules, the watchdog's and housekeeping's leader-only work), else 0.");
    }

    public MetricsOptions Options { get; }

    /// <summary>What the gauges answer with; the sampler replaces it (never the gauges' own callbacks, which must not block).</summary>
    public MetricsSnapshot Snapshot
    {
        get => _snapshot;
        set => _snapshot = value ?? MetricsSnapshot.Empty;
    }

    public void RunStarted(string surface, string outcome, string workspaceId, int count = 1)
    {
        if (count > 0 && _runsStarted.Enabled)
        {
            _runsStarted.Add(count, Tags(new("surface", surface), new("outcome", outcome), workspaceId));
        }
    }

    public void RunEnded(string state, string workspaceId)
    {
        if (_runsEnded.Enabled)
        {
            _runsEnded.Add(1, Tags(new("state", state), workspaceId));
        }
    }

    public void StepRunClaimed(TimeSpan queued) => _queueTime.Record(Math.Max(0, queued.TotalSeconds));

    public void RobotStarted(TimeSpan sinceClaim) => _startTime.Record(Math.Max(0, sinceClaim.TotalSeconds));

    public void StepRunEnded(string outcome, TimeSpan duration) =>
        _stepRunDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("outcome", outcome));

    public void LeaseExpired(bool requeued) =>
        _leaseExpiries.Add(1, new KeyValuePair<string, object?>("outcome", requeued ? "requeued" : "failed"));

    public void StepRunRequeued(string reason) => _requeues.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void WorkItemMoved(string toState, int count = 1)
    {
        if (count > 0)
        {
            _workItemTransitions.Add(count, new KeyValuePair<string, object?>("to", toState));
        }
    }

    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AuthenticationFailed() => _authFailures.Add(1);

    public void Throttled() => _throttled.Add(1);

    public void GroupCommit(int triggers) => _groupCommit.Record(triggers);

    public void Dispose() => _meter.Dispose();

    private TagList Tags(KeyValuePair<string, object?> first, string workspaceId)
    {
        var tags = new TagList { first };
        if (Options.WorkspaceLabels)
        {
            tags.Add("workspace_id", workspaceId);
        }

        return tags;
    }

    private TagList Tags(KeyValuePair<string, object?> first, KeyValuePair<string, object?> second, string workspaceId)
    {
        var tags = Tags(first, workspaceId);
        tags.Add(second);
        return tags;
    }

    private static KeyValuePair<string, object?> Group(string? workerGroup) => new("worker_group", workerGroup ?? "none");
}
