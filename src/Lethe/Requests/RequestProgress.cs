using Lethe.Audit;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>A request being carried out follows its steps: the runner, manual tasks, callbacks and choices all end here.</summary>
internal static class RequestProgress
{
    /// <summary>
    /// Moves a request that is being carried out to where its steps are: completed when every step is done, awaiting
    /// external steps while a system or a person has one, otherwise in progress. Added to the caller's unit of work;
    /// steps the caller changed count as changed (EF hands back the tracked ones). The request, as it is now.
    /// </summary>
    private static async Task<DataRequest> UpdateAsync(LetheDbContext db, Guid requestId, DateTime now, CancellationToken cancellationToken)
    {
        // What this unit of work read earlier (the request, sibling steps a runner looked at) keeps the values it had
        // then, and a query hands back those copies: another server may have finished a step since. Read them again,
        // except what the caller itself changed.
        foreach (var stale in db.ChangeTracker.Entries<RequestStep>().Where(e => e.State == EntityState.Unchanged && e.Entity.RequestId == requestId).ToList())
        {
            await stale.ReloadAsync(cancellationToken);
        }

        if (db.ChangeTracker.Entries<DataRequest>().FirstOrDefault(e => e.Entity.Id == requestId) is { State: EntityState.Unchanged } read)
        {
            await read.ReloadAsync(cancellationToken);
        }

        var request = await db.Requests.IgnoreQueryFilters().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (request.Status is RequestStatus.InProgress or RequestStatus.AwaitingExternal)
        {
            request.FollowSteps(await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == requestId).ToListAsync(cancellationToken), now);
        }

        return request;
    }

    /// <summary>
    /// Saves the caller's change to a step with <paramref name="auditEvents"/>, the request moved to where its steps are
    /// (<see cref="UpdateAsync"/>) and, when this change completes it, <c>request.completed</c> logged by
    /// <paramref name="actor"/>. The steps are read under the audit lock: two steps of one request finishing at once
    /// (the worker's last datastore and a person closing a forwarded step, on two servers) each commit before the other
    /// reads, so the second sees the first done and the request cannot be left waiting with every step done.
    /// </summary>
    public static Task SaveAsync(
        LetheDbContext db, AuditLog audit, Guid requestId, DateTime now, AuditActor actor, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken) =>
        SaveAsync(db, audit, requestId, now, actor, _ => Task.FromResult<IReadOnlyList<AuditEvent>?>(auditEvents), cancellationToken);

    /// <summary>
    /// As the overload with the entries, for a change that must itself be decided under the audit lock (a task two people
    /// close at once): <paramref name="change"/> makes it and returns its entries, or null to change nothing.
    /// </summary>
    public static async Task SaveAsync(
        LetheDbContext db, AuditLog audit, Guid requestId, DateTime now, AuditActor actor,
        Func<CancellationToken, Task<IReadOnlyList<AuditEvent>?>> change, CancellationToken cancellationToken) =>
        await audit.SaveChangesAsync(
            async ct =>
            {
                if (await change(ct) is not { } auditEvents)
                {
                    return [];
                }

                var request = await UpdateAsync(db, requestId, now, ct);
                var completedNow = request.Status == RequestStatus.Completed && db.Entry(request).Property(r => r.Status).OriginalValue != RequestStatus.Completed;
                return completedNow ? [.. auditEvents, new AuditEvent(actor, AuditActions.RequestCompleted, request.TenantId, $"request:{requestId}")] : auditEvents;
            },
            cancellationToken);
}
