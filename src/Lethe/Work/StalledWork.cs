using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Work;

/// <summary>
/// Background work someone must look at: request steps, deferred erasures and answer packages that failed
/// <see cref="Backoff.Stuck"/> times or were given up on, and messages the outbox gave up on — for <c>/health/work</c>
/// (every tenant) and the console's overview (one tenant), with "try again" once the cause is fixed.
/// </summary>
public sealed class StalledWork(LetheDbContext db, TenantScope scope, AuditLog audit)
{
    /// <summary>Answer packages are listed from their first failure: until they are made, the person waits.</summary>
    public async Task<IReadOnlyList<StalledJob>> ForTenantAsync(Guid tenantId, CancellationToken ct)
    {
        scope.Enter(tenantId);
        return await FindAsync(tenantId, packagesFromAttempt: 1, limit: 200, ct);
    }

    /// <summary>Every tenant's, for monitors: stuck or given up only.</summary>
    public Task<IReadOnlyList<StalledJob>> AllAsync(int limit, CancellationToken ct) =>
        FindAsync(tenantId: null, packagesFromAttempt: Backoff.Stuck, limit, ct);

    /// <summary>Starts the job again now, with its attempts counted from zero: the officer says the cause is fixed.</summary>
    public async Task<Outcome<StalledJob>> RetryAsync(Guid tenantId, JobKind kind, Guid id, AuditActor actor, CancellationToken ct)
    {
        scope.Enter(tenantId);
        var job = (await FindAsync(tenantId, packagesFromAttempt: 1, limit: 1000, ct)).FirstOrDefault(j => j.Kind == kind && j.Id == id);
        if (job is null)
        {
            return new NotFound("Failed job", id.ToString());
        }

        string action;
        switch (kind)
        {
            case JobKind.RequestStep:
                var step = await db.RequestSteps.SingleAsync(s => s.Id == id, ct);
                step.Retry();
                action = AuditActions.RequestStepRetried;
                break;
            case JobKind.DeferredErasure:
                var deferred = await db.DeferredErasures.SingleAsync(d => d.Id == id, ct);
                deferred.GaveUpAt = null;
                deferred.Attempts = 0;
                deferred.NextAttemptAt = null;
                action = AuditActions.DeferredErasureRetried;
                break;
            case JobKind.AnswerPackage:
                db.PackageFailures.Remove(await db.PackageFailures.SingleAsync(f => f.RequestId == id, ct));
                action = AuditActions.RequestPackageRetried;
                break;
            default:
                var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, ct);
                message.Retry();
                action = AuditActions.MessageRetried;
                break;
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, action, tenantId, job.RequestId is { } request ? $"request:{request}" : $"message:{id}",
            new Dictionary<string, string?>
            {
                ["job"] = job.Name,
                ["what"] = job.What,
                ["attemptsBefore"] = job.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), ct);
        return job;
    }

    private async Task<IReadOnlyList<StalledJob>> FindAsync(Guid? tenantId, int packagesFromAttempt, int limit, CancellationToken ct)
    {
        var stuck = Backoff.Stuck;
        var steps = await db.RequestSteps.IgnoreQueryFilters()
            .Where(s => tenantId == null || s.TenantId == tenantId)
            .Where(s => s.Status == StepStatus.GaveUp || (s.Status == StepStatus.Failed && s.Attempts >= stuck))
            .OrderBy(s => s.Id).Take(limit)
            .Select(s => new StalledJob(JobKind.RequestStep, s.Id, s.TenantId, s.RequestId, s.Datastore, s.Attempts, s.LastError, s.NextAttemptAt,
                s.Status == StepStatus.GaveUp))
            .ToListAsync(ct);
        var deferred = await db.DeferredErasures.IgnoreQueryFilters()
            .Where(d => tenantId == null || d.TenantId == tenantId)
            .Where(d => d.CompletedAt == null && (d.GaveUpAt != null || d.Attempts >= stuck))
            .OrderBy(d => d.Id).Take(limit)
            .Select(d => new StalledJob(JobKind.DeferredErasure, d.Id, d.TenantId, d.RequestId, d.Datastore, d.Attempts, d.LastError, d.NextAttemptAt,
                d.GaveUpAt != null))
            .ToListAsync(ct);
        var packages = await db.PackageFailures.IgnoreQueryFilters()
            .Where(f => tenantId == null || f.TenantId == tenantId)
            .Where(f => f.GaveUpAt != null || f.Attempts >= packagesFromAttempt)
            .OrderBy(f => f.RequestId).Take(limit)
            .Select(f => new StalledJob(JobKind.AnswerPackage, f.RequestId, f.TenantId, f.RequestId, "answer", f.Attempts, f.LastError, f.NextAttemptAt,
                f.GaveUpAt != null))
            .ToListAsync(ct);
        var messages = await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => tenantId == null || m.TenantId == tenantId)
            .Where(m => m.Status == MessageStatus.Failed || (m.Status == MessageStatus.Queued && m.Attempts >= stuck))
            .OrderBy(m => m.Id).Take(limit)
            .Select(m => new StalledJob(JobKind.Message, m.Id, m.TenantId, m.RequestId, m.Template, m.Attempts, m.LastError, m.NextAttemptAt,
                m.Status == MessageStatus.Failed))
            .ToListAsync(ct);
        return [.. steps, .. deferred, .. packages, .. messages];
    }
}
