using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>
/// A partial update of a workspace's settings: only the fields present change. <c>"run_retention_days": null</c>
/// keeps finished runs forever; a number (1 to 3650) deletes them that many days after they ended.
/// </summary>
public sealed class UpdateWorkspaceSettingsRequest
{
    private int? _runRetentionDays;

    public int? RunRetentionDays
    {
        get => _runRetentionDays;
        set
        {
            _runRetentionDays = value;
            RunRetentionDaysGiven = true;
        }
    }

    [JsonIgnore]
    public bool RunRetentionDaysGiven { get; private set; }
}
