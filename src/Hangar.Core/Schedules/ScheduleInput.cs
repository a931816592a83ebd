namespace Hangar.Core.Schedules;

/// <summary>
/// A schedule as a caller wrote it. On create, what is left out takes its default (time zone UTC, enabled, overlap
/// and catch-up <c>skip</c>, no payload); on update, what is left out keeps its value.
/// </summary>
/// <param name="PayloadGiven">The payload was written (its value may be null: none).</param>
/// <param name="Overlap"><c>skip</c> or <c>allow</c>.</param>
/// <param name="CatchUp"><c>skip</c> or <c>once</c>.</param>
public sealed record ScheduleInput(string? Cron, string? TimeZone, bool? Enabled, bool PayloadGiven, string? Payload, string? Overlap, string? CatchUp);
