using Hangar.Core.Schedules;

namespace Hangar.Server.Hosting;

/// <summary>
/// Fires schedules on every node. It sleeps until the earliest next time of any schedule (at most
/// <see cref="ScheduleLimits.MaxSleep"/>, so changes made on other nodes are seen), or until a schedule changes on
/// this node; then it hands each due schedule to the <see cref="Scheduler"/>, in a scope of its own. Nodes do not
/// take turns: each due time is claimed in the database with the run it starts, so the first node fires it and the
/// others find it taken. All waiting is on the injected <see cref="TimeProvider"/>, so tests move a fake clock.
/// </summary>
public sealed partial class SchedulerService(IServiceScopeFactory scopes, ScheduleWakeUp wakeUp, TimeProvider time, ILogger<SchedulerService> logger)
    : BackgroundService
{
    /// <summary>After a failed pass (the database away, say), the pause before the next.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ForgetEvery = TimeSpan.FromHours(1);

    private DateTimeOffset _forgotAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset wakeAt;
            try
            {
                var next = await PassAsync(stoppingToken);
                var latest = time.GetUtcNow() + ScheduleLimits.MaxSleep;
                wakeAt = next is { } n && n < latest ? n : latest;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
                wakeAt = time.GetUtcNow() + RetryAfter;
            }

            try
            {
                await wakeUp.WaitAsync(wakeAt, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Fires what is due now and returns the earliest next time (null: no schedule has one).</summary>
    private async Task<DateTimeOffset?> PassAsync(CancellationToken ct)
    {
        IReadOnlyList<Schedule> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<Scheduler>();
            due = await scheduler.ListDueAsync(ct);
            if (time.GetUtcNow() - _forgotAt >= ForgetEvery)
            {
                _forgotAt = time.GetUtcNow();
                await scheduler.ForgetOldFiresAsync(ct);
            }
        }

        var failed = false;
        foreach (var schedule in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<Scheduler>().FireAsync(schedule, ct);
                Log(result);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One schedule's trouble must not hold up the others; it is due still and is tried again after a pause.
                LogFireFailed(logger, ex, schedule.Id);
                failed = true;
            }
        }

        DateTimeOffset? next;
        if (due.Count >= ScheduleLimits.DueBatch)
        {
            next = time.GetUtcNow();
        }
        else
        {
            await using var scope = scopes.CreateAsyncScope();
            next = await scope.ServiceProvider.GetRequiredService<Scheduler>().NextDueAsync(ct);
        }

        var retry = time.GetUtcNow() + RetryAfter;
        return failed && next < retry ? retry : next;
    }

    private void Log(FireResult result)
    {
        if (result.Lost)
        {
            LogTaken(logger, result.ScheduleId, result.FireAt);
        }
        else if (result.Outcome == ScheduleFireOutcome.Failed)
        {
            LogNotStarted(logger, result.ScheduleId, result.FireAt, result.Error);
        }
        else
        {
            LogFired(logger, result.ScheduleId, result.FireAt, ScheduleService.Wire(result.Outcome!.Value), result.Missed, result.RunId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Schedule {ScheduleId} at {FireAt:o}: {Outcome} (missed before it: {Missed}; run {RunId})")]
    private static partial void LogFired(ILogger logger, string scheduleId, DateTimeOffset fireAt, string outcome, int missed, string? runId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule {ScheduleId} at {FireAt:o} was handled by another node or changed meanwhile")]
    private static partial void LogTaken(ILogger logger, string scheduleId, DateTimeOffset fireAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} at {FireAt:o} could not start a run: {Error}")]
    private static partial void LogNotStarted(ILogger logger, string scheduleId, DateTimeOffset fireAt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} failed to fire; it is tried again at the next pass")]
    private static partial void LogFireFailed(ILogger logger, Exception ex, string scheduleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler's pass failed; it tries again shortly")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
