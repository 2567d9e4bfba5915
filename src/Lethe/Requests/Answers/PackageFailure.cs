namespace Lethe.Requests.Answers;

/// <summary>
/// Why the answer package of a completed request has not been made yet: a datastore could not be read (the answer
/// would have been incomplete, so it is not sent) or the making failed. The worker tries again with backoff and gives
/// up after the last attempt, when an officer decides. The row is removed once the package is made.
/// </summary>
public sealed class PackageFailure : Storage.ITenantOwned
{
    public Guid RequestId { get; init; }

    public Guid TenantId { get; init; }

    public int Attempts { get; set; }

    public DateTime FirstFailedAt { get; init; }

    public DateTime? NextAttemptAt { get; set; }

    /// <summary>What stopped it, naming datastores and error kinds only — never a value read from them.</summary>
    public required string LastError { get; set; }

    /// <summary>Set after the last attempt: the worker no longer tries by itself.</summary>
    public DateTime? GaveUpAt { get; set; }
}
