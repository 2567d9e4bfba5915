namespace Lethe.Requests;

/// <summary>
/// Where a step is: waiting to run, waiting for a system or a person, done, failed and due again, or given up on after
/// the last attempt — then it waits for an officer to try it again.
/// </summary>
public static class StepStatus
{
    public const string Pending = "pending";
    public const string Waiting = "waiting";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string GaveUp = "gave_up";
}

/// <summary>
/// The part of a request carried out in one datastore. A failed step keeps its error and the time of its next attempt;
/// the worker retries it with exponential backoff (<see cref="Execution.Backoff"/>) and, after the last attempt, leaves it
/// <see cref="StepStatus.GaveUp"/>: red in <c>/health/work</c> and on the console's overview until an officer tries again.
/// </summary>
public sealed class RequestStep : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    /// <summary><c>system.datastore</c> in the data map.</summary>
    public required string Datastore { get; init; }

    /// <summary>The datastore's kind: postgres, sqlite, webhook or manual.</summary>
    public required string Connector { get; init; }

    public string Status { get; set; } = StepStatus.Pending;

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

    public string? CompletedBy { get; set; }

    public DateTime? CompletedAt { get; set; }
}
