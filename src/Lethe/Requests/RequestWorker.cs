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
                .Where(d => d.CompletedAt == null && d.Due <= today && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
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
                await RunAsync(() => scope.ServiceProvider.GetRequiredService<RequestRunner>().RunStepAsync(id, cancellationToken), "step", id);
                ran++;
            }
        }

        foreach (var id in deferred)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var claimed = await db.DeferredErasures.IgnoreQueryFilters()
                .Where(d => d.Id == id && d.CompletedAt == null && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await RunAsync(() => scope.ServiceProvider.GetRequiredService<RequestRunner>().RunDeferredAsync(id, cancellationToken), "deferred erasure", id);
                ran++;
            }
        }

        return ran;
    }

    private async Task RunAsync(Func<Task> work, string what, Guid id)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner records datastore failures itself; anything else is a bug, logged, and retried when the lease ends.
            logger.LogError(e, "The {What} {Id} failed unexpectedly; it is retried when its lease ends.", what, id);
        }
    }
}
