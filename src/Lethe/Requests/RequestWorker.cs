using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lethe.Requests;

/// <summary>
/// Finds due work — request steps to run or retry, deferred erasures whose hold has ended — and runs each once. Work
/// is leased with a conditional update, so several Lethe servers on one database never run the same step twice, and a
/// worker that dies mid-step leaves a lease that simply expires. Everything is read from the database: nothing is
/// remembered in memory across restarts.
/// </summary>
public sealed class RequestWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<WorkerOptions> options, ILogger<RequestWorker> logger)
{
    /// <summary>How long a worker may hold a step before another may take it.</summary>
    public TimeSpan Lease => options.Value.StepLease;

    /// <returns>How many steps and deferred erasures were run.</returns>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        List<Guid> steps, deferred;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            steps = await db.RequestSteps.IgnoreQueryFilters()
                .Where(s => (s.Status == StepStatus.Pending || s.Status == StepStatus.Failed) && (s.NextAttemptAt == null || s.NextAttemptAt <= now))
                .Where(s => s.LeasedUntil == null || s.LeasedUntil < now)
                .OrderBy(s => s.NextAttemptAt).Select(s => s.Id).Take(100).ToListAsync(cancellationToken);
            deferred = await db.DeferredErasures.IgnoreQueryFilters()
                .Where(d => d.CompletedAt == null && d.GaveUpAt == null && d.Due <= today && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .Where(d => d.LeasedUntil == null || d.LeasedUntil < now)
                .OrderBy(d => d.Due).Select(d => d.Id).Take(100).ToListAsync(cancellationToken);
        }

        var ran = 0;
        foreach (var id in steps)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var claimed = await db.RequestSteps.IgnoreQueryFilters()
                .Where(s => s.Id == id && (s.LeasedUntil == null || s.LeasedUntil < now) && (s.Status == StepStatus.Pending || s.Status == StepStatus.Failed))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeasedUntil, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await RunAsync(() => Telemetry.StepTelemetry.MeasureAsync(db, id, time, () => scope.ServiceProvider.GetRequiredService<RequestRunner>().RunStepAsync(id, cancellationToken)),
                    (runner, e) => runner.RecordUnexpectedAsync(id, e, cancellationToken), "step", id);
                ran++;
            }
        }

        foreach (var id in deferred)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var claimed = await db.DeferredErasures.IgnoreQueryFilters()
                .Where(d => d.Id == id && d.CompletedAt == null && d.GaveUpAt == null && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await RunAsync(() => scope.ServiceProvider.GetRequiredService<RequestRunner>().RunDeferredAsync(id, cancellationToken),
                    (runner, e) => runner.RecordUnexpectedDeferredAsync(id, e, cancellationToken), "deferred erasure", id);
                ran++;
            }
        }

        return ran;
    }

    private async Task RunAsync(Func<Task> work, Func<RequestRunner, Exception, Task> record, string what, Guid id)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner records datastore failures itself; anything else is a bug. Its attempt is counted in a scope of
            // its own (the failed one may hold half-made changes), so it is seen and given up on like any other failure.
            logger.LogError(e, "The {What} {Id} failed unexpectedly.", what, id);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await record(scope.ServiceProvider.GetRequiredService<RequestRunner>(), e);
            }
            catch (Exception recording) when (recording is not OperationCanceledException)
            {
                // The database itself is failing: the lease expires and the work is tried again, as after a crash.
                logger.LogError(recording, "The failure of {What} {Id} could not be recorded; it is tried again when its lease ends.", what, id);
            }
        }
    }
}
