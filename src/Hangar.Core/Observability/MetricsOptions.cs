namespace Hangar.Core.Observability;

/// <summary>How <see cref="HangarMetrics"/> labels what it measures.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Label run counters with the workspace id (<c>--metrics-workspace-labels</c>). Off by default: a label per
    /// workspace multiplies the series a Prometheus keeps, and names who uses the installation.
    /// </summary>
    public bool WorkspaceLabels { get; init; }

    /// <summary>This node's name on the leader gauge (the host name).</summary>
    public string NodeName { get; init; } = Environment.MachineName;
}
