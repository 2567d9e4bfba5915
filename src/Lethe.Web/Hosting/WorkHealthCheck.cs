using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// <c>/health/work</c>: whether the background work keeps its promises. Unhealthy when a tenant's latest retention run
/// had a rule fail, when a run has been open longer than two intervals, or when a request step keeps failing — so a
/// monitor notices before a deadline passes. Says how many, never which tenant or person.
/// </summary>
public sealed class WorkHealthCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - 2 * options.Value.Interval;
        var runs = db.RetentionRuns.IgnoreQueryFilters();
        var failedRuns = await runs
            .Where(r => r.FinishedAt != null && r.Errors > 0)
            .Where(r => !runs.Any(later => later.TenantId == r.TenantId && later.FinishedAt != null && later.StartedAt > r.StartedAt))
            .CountAsync(cancellationToken);
        var stuckRuns = await runs.CountAsync(r => r.OpenFor != null && r.StartedAt < stale, cancellationToken);
        var stuckSteps = await db.RequestSteps.IgnoreQueryFilters()
            .CountAsync(s => s.Status == StepStatus.Failed && s.Attempts >= Lethe.Execution.Backoff.Stuck, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["retentionRunsWithErrors"] = failedRuns,
            ["retentionRunsOverdue"] = stuckRuns,
            ["requestStepsStuck"] = stuckSteps,
        };
        return failedRuns + stuckRuns + stuckSteps == 0
            ? HealthCheckResult.Healthy("Retention runs and request steps are on track.", data)
            : HealthCheckResult.Unhealthy(
                $"{failedRuns} tenant(s) whose latest retention run had a failing rule, {stuckRuns} retention run(s) open too long, {stuckSteps} request step(s) failing again and again: see the console.",
                data: data);
    }
}
