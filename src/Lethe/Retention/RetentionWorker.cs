using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lethe.Retention;

/// <summary>
/// The schedule: for every tenant with a data map, starts a run when the last one began an interval ago (daily by
/// default) and works any open run, so a run cut short by a restart is finished by whichever server comes next.
/// Everything is read from the database; several servers may run this at once.
/// </summary>
/// <remarks>
/// A tenant's first run is never the schedule's: it deletes whatever a new data map says is past its time, possibly years
/// of rows at once, so it waits until someone who may manage retention has seen the plan and started it (console, API or
/// CLI). From then on the schedule keeps it running.
/// </remarks>
public sealed class RetentionWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options, ILogger<RetentionWorker> logger)
{
    /// <returns>How many runs were worked on.</returns>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - options.Value.Interval;
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var mapped = db.DataMapRevisions.IgnoreQueryFilters().Select(r => r.TenantId);
            tenants = await db.Tenants.IgnoreQueryFilters().Where(t => mapped.Contains(t.Id))
                .Where(t => db.RetentionRuns.IgnoreQueryFilters().Any(r => r.TenantId == t.Id && r.OpenFor != null)
                    || (db.RetentionRuns.IgnoreQueryFilters().Any(r => r.TenantId == t.Id)
                        && !db.RetentionRuns.IgnoreQueryFilters().Any(r => r.TenantId == t.Id && r.StartedAt > since)))
                .Select(t => t.Id).ToListAsync(cancellationToken);
        }

        var worked = 0;
        foreach (var tenantId in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var runner = scope.ServiceProvider.GetRequiredService<RetentionRunner>();
            try
            {
                var tenant = await db.Tenants.IgnoreQueryFilters().SingleAsync(t => t.Id == tenantId, cancellationToken);
                if (await runner.StartAsync(tenant, "schedule", cancellationToken) is { } run)
                {
                    await runner.WorkAsync(run.Id, null, cancellationToken);
                    worked++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Datastore failures are recorded per rule; anything else is a bug, logged, and tried again next round.
                logger.LogError(e, "Retention for tenant {TenantId} failed unexpectedly; it is tried again on the next round.", tenantId);
            }
        }

        return worked;
    }
}
