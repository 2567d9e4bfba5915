namespace Lethe.Work;

/// <summary>The kinds of background work that can fail and wait for someone.</summary>
public enum JobKind
{
    /// <summary>A request carried out in one datastore.</summary>
    RequestStep,

    /// <summary>Rows an erasure kept under a legal hold, erased when it ended.</summary>
    DeferredErasure,

    /// <summary>The answer a person downloads once their request is completed.</summary>
    AnswerPackage,

    /// <summary>An e-mail in the outbox.</summary>
    Message,
}

/// <summary>
/// Background work that failed again and again or was given up on. Says what and where — a datastore, a template — and
/// the kind of error, never a value or a person's identity.
/// </summary>
/// <param name="Id">The step's, deferred erasure's or message's id; for a package, the request's.</param>
/// <param name="What">The datastore (<c>system.datastore</c>) or message template the job is about.</param>
/// <param name="GaveUp">Whether the worker stopped trying: only an officer's "try again" starts it again.</param>
public sealed record StalledJob(
    JobKind Kind, Guid Id, Guid? TenantId, Guid? RequestId, string What, int Attempts, string? LastError, DateTime? NextAttemptAt, bool GaveUp)
{
    /// <summary>How a monitor names the job: kind and id, which say nothing about the person.</summary>
    public string Name => $"{Kind switch
    {
        JobKind.RequestStep => "request-step",
        JobKind.DeferredErasure => "deferred-erasure",
        JobKind.AnswerPackage => "answer-package",
        _ => "message",
    }} {Id}";
}
