using Lethe.Common;
using Lethe.DataMap;

namespace Lethe.Requests;

/// <summary>
/// The part of a request carried out in one datastore, or by one processor it is forwarded to. A failed step keeps its
/// error and the time of its next attempt; the worker retries it with exponential backoff (<see cref="Execution.Backoff"/>)
/// and, after the last attempt, leaves it <see cref="StepStatus.GaveUp"/>: red in <c>/health/work</c> and on the
/// console's overview until an officer tries again.
/// Its status moves only through the methods below, each along <see cref="StepStatusRules.CanMove"/>; a move the table
/// forbids is a bug in Lethe and throws, changing nothing.
/// </summary>
public sealed class RequestStep : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    /// <summary><c>system.datastore</c> in the data map, or <c>sub-processor:KEY</c> for a request forwarded to a processor.</summary>
    public required string Datastore { get; init; }

    /// <summary>The datastore's kind: postgres, sqlite, webhook or manual (a forwarded request is manual: a person closes it).</summary>
    public required DatastoreKind Connector { get; init; }

    public StepStatus Status { get; private set; } = StepStatus.Pending;

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    /// <summary>A worker that took the step holds it until then; another worker takes it only after.</summary>
    public DateTime? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    /// <summary>JSON of what the step did: rows per collection and action, rows kept and why. Never values.</summary>
    public string? OutcomeJson { get; set; }

    /// <summary>Rows a webhook system sent back for access or portability: JSON object of collection → rows.</summary>
    public string? ResultJson { get; set; }

    /// <summary>SHA-256 of the callback token a webhook system answers with; the token itself is only in the job.</summary>
    public string? CallbackTokenHash { get; set; }

    /// <summary>For manual steps: who carries out the task.</summary>
    public string? Assignee { get; set; }

    /// <summary>
    /// For a request forwarded to a processor (<see cref="Forwarding"/>): the processor's name as the data map gave it on
    /// the day it was forwarded; null for a step in a datastore.
    /// </summary>
    public string? ForwardedTo { get; init; }

    /// <summary>
    /// For a forwarded request: the last day for the processor's confirmation (<see cref="Forwarding.DueOn(DateOnly, DateOnly?)"/>).
    /// A day rather than an instant, as the request's own deadline it is counted from: both are days where the controller
    /// is, and the step is late from the day after (<see cref="Forwarding.IsOverdue"/>) just as the request is.
    /// </summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>Whether this step is a request forwarded to a processor rather than work in a datastore.</summary>
    public bool IsForwarded => Forwarding.IsForwarded(Datastore);

    /// <summary>
    /// The person the agent chose where the identities matched several (collection → row key, as JSON): the step then
    /// runs for that row of the collection only. Null until a choice is made.
    /// </summary>
    public string? ChosenJson { get; set; }

    /// <summary>
    /// A manual step's internal note: what was done, for colleagues and the audit. It never leaves the console (notes
    /// written before notes to the person existed count as internal too: they were not written for the person).
    /// </summary>
    public string? Note { get; set; }

    /// <summary>What the agent tells the person about this step; it goes into the answer report as written.</summary>
    public string? NoteToPerson { get; set; }

    public string? CompletedBy { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    /// <summary>Done: the datastore answered, the system called back, or the person closed the task (<paramref name="by"/>).</summary>
    public void Complete(DateTime at, string? by = null)
    {
        MoveTo(StepStatus.Done);
        LastError = null;
        CompletedAt = at;
        CompletedBy = by;
    }

    /// <summary>Waits for a system's callback or a person, who move it on; the worker leaves it alone meanwhile.</summary>
    /// <param name="reason">Why, when the agent must act (the identities matched several people); null for a task or a callback.</param>
    public void Wait(string? reason = null)
    {
        MoveTo(StepStatus.Waiting);
        LastError = reason;
        NextAttemptAt = null;
    }

    /// <summary>Stays pending and is run again at <paramref name="until"/> (a legal hold ends, another datastore's choice is made).</summary>
    public void Postpone(DateTime until, string? reason = null)
    {
        MoveTo(StepStatus.Pending);
        LastError = reason;
        NextAttemptAt = until;
    }

    /// <summary>The attempt failed; the worker tries again at <paramref name="nextAttemptAt"/>.</summary>
    public void Fail(string error, DateTime nextAttemptAt)
    {
        MoveTo(StepStatus.Failed);
        LastError = error;
        NextAttemptAt = nextAttemptAt;
    }

    /// <summary>The last attempt failed: the worker stops, and the step waits for an officer (<see cref="Retry"/>).</summary>
    public void GiveUp(string error)
    {
        MoveTo(StepStatus.GaveUp);
        LastError = error;
        NextAttemptAt = null;
    }

    /// <summary>An officer says the cause is fixed: run it now, with its attempts counted from zero.</summary>
    public void Retry()
    {
        MoveTo(StepStatus.Pending);
        Attempts = 0;
        NextAttemptAt = null;
    }

    /// <summary>What the step waited for is settled (the agent chose the person): run it again at <paramref name="at"/>, afresh.</summary>
    public void Resume(DateTime at)
    {
        MoveTo(StepStatus.Pending);
        LastError = null;
        OutcomeJson = null;
        NextAttemptAt = at;
    }

    private void MoveTo(StepStatus to)
    {
        if (!StepStatus.CanMove(Status, to))
        {
            throw new InvalidOperationException($"A step that is {Status.ToWire()} cannot become {to.ToWire()} ({Datastore}, step {Id}).");
        }

        Status = to;
    }
}
