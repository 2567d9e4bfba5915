using Lethe.Retention;
using Lethe.Storage;
using Lethe.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// <c>/health/work</c>: whether the background work keeps its promises. Unhealthy when a tenant's latest retention run
/// had a rule fail, when a run has been open longer than two intervals, when a job — a request step, a deferred
/// erasure, an answer package, a message — keeps failing or was given up on. Degraded (still 200) when all that is
/// late is a request forwarded to a processor past the day its confirmation was due: a monitor notices it before the
/// request's deadline passes, but a processor slow to answer is not the server failing. Names the jobs and steps by
/// kind and id, never a tenant or a person.
/// </summary>
public sealed class WorkHealthCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options) : IHealthCheck
{
    /// <summary>Jobs named in the answer; the counts cover all of them.</summary>
    private const int Named = 20;

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
        var jobs = await scope.ServiceProvider.GetRequiredService<StalledWork>().AllAsync(500, cancellationToken);
        var late = await scope.ServiceProvider.GetRequiredService<OverdueForwards>().AllAsync(500, cancellationToken);
        int Count(JobKind kind, bool gaveUp) => jobs.Count(j => j.Kind == kind && j.GaveUp == gaveUp);
        var data = new Dictionary<string, object>
        {
            ["retentionRunsWithErrors"] = failedRuns,
            ["retentionRunsOverdue"] = stuckRuns,
            ["requestStepsStuck"] = Count(JobKind.RequestStep, false),
            ["requestStepsGivenUp"] = Count(JobKind.RequestStep, true),
            ["deferredErasuresStuck"] = Count(JobKind.DeferredErasure, false),
            ["deferredErasuresGivenUp"] = Count(JobKind.DeferredErasure, true),
            ["answerPackagesStuck"] = Count(JobKind.AnswerPackage, false),
            ["answerPackagesGivenUp"] = Count(JobKind.AnswerPackage, true),
            ["messagesStuck"] = Count(JobKind.Message, false),
            ["messagesGivenUp"] = Count(JobKind.Message, true),
            ["forwardedStepsOverdue"] = late.Count,
            ["jobs"] = jobs.Take(Named).Select(j => $"{j.Name}: {(j.GaveUp ? "given up" : "failing")} after {j.Attempts} attempt(s)").ToArray(),
            ["overdue"] = late.Take(Named).Select(l => l.Name).ToArray(),
        };
        if (failedRuns + stuckRuns + jobs.Count + late.Count == 0)
        {
            return HealthCheckResult.Healthy("Retention runs, request steps, answer packages, messages and forwarded requests are on track.", data);
        }

        var lateForwards = $"{late.Count} request(s) forwarded to a processor past their due day: see the console's overview.";
        if (failedRuns + stuckRuns + jobs.Count == 0)
        {
            // A processor slow to confirm is people's work, not Lethe's failing: it shows, but does not page anyone as down.
            return HealthCheckResult.Degraded(lateForwards, data: data);
        }

        var named = string.Join("; ", jobs.Take(3).Select(j => $"{j.Name} {(j.GaveUp ? "given up" : "failing")} after {j.Attempts} attempt(s)"));
        return HealthCheckResult.Unhealthy(
            $"{failedRuns} tenant(s) whose latest retention run had a failing rule, {stuckRuns} retention run(s) open too long, " +
            $"{jobs.Count(j => !j.GaveUp)} job(s) failing again and again, {jobs.Count(j => j.GaveUp)} given up" +
            (named.Length > 0 ? $" ({named}{(jobs.Count > 3 ? ", …" : "")})" : "") +
            (late.Count > 0 ? $"; {lateForwards}" : "."),
            data: data);
    }
}
