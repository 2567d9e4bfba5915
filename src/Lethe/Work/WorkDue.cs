using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Lethe.Work;

/// <summary>
/// Whether the changes about to be saved make background work due now — the rows <see cref="RequestRound"/> looks for:
/// a request step to run, a deferred erasure to retry, an answer package to make, a status event to send, a mail to
/// deliver. Work due later (a retry's backoff, a hold that ends next year) is the timed round's to find.
/// </summary>
internal static class WorkDue
{
    public static bool In(ChangeTracker changes, DateTime now)
    {
        // One pass, which also detects changes made to tracked entities since the last.
        var entries = changes.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        return entries.Any(e => Makes(e, entries, now));
    }

    private static bool Makes(EntityEntry entry, List<EntityEntry> all, DateTime now) => entry.Entity switch
    {
        RequestStep step => Moved(entry, nameof(RequestStep.Status), nameof(RequestStep.NextAttemptAt))
                            && step.Status is StepStatus.Pending or StepStatus.Failed && Reached(step.NextAttemptAt, now),
        // A request that completed has an answer package to make.
        DataRequest request => Moved(entry, nameof(DataRequest.Status)) && request.Status == RequestStatus.Completed,
        // Every status a request takes is told to the tenant's webhook (or marked skipped when there is none).
        RequestStatusEvent e => entry.State == EntityState.Added && e.Outcome is null,
        OutboxMessage message => Moved(entry, nameof(OutboxMessage.Status), nameof(OutboxMessage.NextAttemptAt))
                                 && message.Status == MessageStatus.Queued && Reached(message.NextAttemptAt, now),
        DeferredErasure deferred => Moved(entry, nameof(DeferredErasure.GaveUpAt), nameof(DeferredErasure.NextAttemptAt))
                                    && deferred is { CompletedAt: null, GaveUpAt: null } && deferred.Due <= DateOnly.FromDateTime(now)
                                    && Reached(deferred.NextAttemptAt, now),
        // An officer's "try again" removes the failure; the package made in the same save removes it too, and then nothing is due.
        PackageFailure failure => entry.State == EntityState.Deleted
                                  && !all.Any(a => a.State == EntityState.Added && a.Entity is StoredAnswer made && made.RequestId == failure.RequestId),
        _ => false,
    };

    /// <summary>Added, or one of <paramref name="properties"/> changed.</summary>
    private static bool Moved(EntityEntry entry, params string[] properties) =>
        entry.State == EntityState.Added
        || (entry.State == EntityState.Modified && properties.Any(p => entry.Property(p).IsModified));

    private static bool Reached(DateTime? at, DateTime now) => at is null || at <= now;
}
