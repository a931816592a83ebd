namespace Hangar.Contracts.V1;

/// <summary>A workspace's settings (a Hangar addition). <c>run_retention_days</c>: null keeps finished runs forever.</summary>
public sealed record WorkspaceSettingsResponse(int? RunRetentionDays);
