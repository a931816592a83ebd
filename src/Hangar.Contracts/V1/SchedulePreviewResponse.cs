namespace Hangar.Contracts.V1;

public sealed record SchedulePreviewResponse(string Cron, string Timezone, IReadOnlyList<DateTimeOffset> NextFireTimes);
