using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// A datastore without an API is a task for a person: they look up or delete what the checklist says and close it. A
/// request forwarded to a processor is closed the same way, once the processor confirms (<see cref="Forwarding"/>).
/// </summary>
public sealed class ManualTasks(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time)
{
    public const int MaxNote = 4000;

    /// <summary>
    /// Closes a manual task: the assignee has looked up or deleted what the checklist says, and notes what they did
    /// (<paramref name="note"/>, internal) and, if they choose, what the person is told (<paramref name="noteToPerson"/>).
    /// </summary>
    public async Task<Outcome<RequestStep>> CompleteAsync(
        Tenant tenant, AuditActor actor, Guid requestId, Guid stepId, string? note, string? noteToPerson, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var step = await db.RequestSteps.SingleOrDefaultAsync(s => s.Id == stepId && s.RequestId == requestId, cancellationToken);
        if (step is null)
        {
            return new NotFound("Step", stepId.ToString());
        }

        var manual = step.Connector.IsManual;
        if (!manual || step.Status != StepStatus.Waiting)
        {
            return new Conflict(!manual ? "Only manual tasks are completed by hand." : $"The task is {step.Status.ToWire()}, not waiting.");
        }

        if (string.IsNullOrWhiteSpace(note) || note.Length > MaxNote)
        {
            return InvalidInput.For("note", "Say what was done, in at most 4000 characters (e.g. \"Binder 2019 checked; one contract shredded\").");
        }

        if (noteToPerson?.Length > MaxNote)
        {
            return InvalidInput.For("noteToPerson", "The note to the person can be at most 4000 characters.");
        }

        // Notes are kept with the request and the note to the person is sent to them: neither may carry a card or
        // national identity number the assignee saw in the datastore.
        if (TextGuard.Refusal(note) is { } refused)
        {
            return InvalidInput.For("note", refused);
        }

        if (TextGuard.Refusal(noteToPerson) is { } refusedToPerson)
        {
            return InvalidInput.For("noteToPerson", refusedToPerson);
        }

        var now = time.GetUtcNow().UtcDateTime;
        Conflict? closedMeanwhile = null;
        // The task may be the request's last open step (a processor's confirmation often is): the request is completed
        // here, and the log says so as it does when the worker finishes the last datastore.
        await RequestProgress.SaveAsync(db, audit, step.RequestId, now, actor, async ct =>
        {
            // Under the audit lock: a colleague may have closed the same task a moment ago, on this server or another,
            // and their note must not be overwritten nor the close logged twice.
            await db.Entry(step).ReloadAsync(ct);
            if (step.Status != StepStatus.Waiting)
            {
                closedMeanwhile = new Conflict($"The task is {step.Status.ToWire()} now: {step.CompletedBy ?? "someone"} closed it a moment ago.");
                return null;
            }

            step.Complete(now, actor.Name);
            step.Note = note.Trim();
            step.NoteToPerson = string.IsNullOrWhiteSpace(noteToPerson) ? null : noteToPerson.Trim();
            return [new AuditEvent(actor, AuditActions.ManualTaskCompleted, tenant.Id, $"request:{requestId}", new Dictionary<string, string?>
            {
                ["datastore"] = step.Datastore,
                ["forwardedTo"] = step.ForwardedTo,
                ["toPerson"] = step.NoteToPerson is null ? "no" : "yes",
            })];
        }, cancellationToken);
        if (closedMeanwhile is not null)
        {
            return closedMeanwhile;
        }

        return step;
    }
}
