using System.Text.Json;

namespace Hangar.Contracts.V1;

/// <summary>A schedule, with its next times (<c>next_fire_times</c>, none while disabled) and what came of its latest one.</summary>
public sealed record ScheduleResponse(
    string Id,
    IdRef Process,
    string Cron,
    string Timezone,
    bool Enabled,
    JsonElement? Payload,
    string Overlap,
    string CatchUp,
    IReadOnlyList<DateTimeOffset> NextFireTimes,
    ScheduleLastFireResponse? LastFire,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
