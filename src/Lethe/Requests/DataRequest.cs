namespace Lethe.Requests;

/// <summary>
/// A data subject request being carried out: which right, for whom (the identities the person gave), and when it was
/// completed. Its work is done in one <see cref="RequestStep"/> per datastore.
/// </summary>
public sealed class DataRequest : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>One of <see cref="RequestType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>JSON array of <c>{type, value}</c>: personal data, shown only to those who handle requests.</summary>
    public required string IdentitiesJson { get; set; }

    /// <summary>For rectification: JSON object of data category → new value.</summary>
    public string? ChangesJson { get; init; }

    /// <summary>The data map revision the steps were planned from (set when the request is approved).</summary>
    public int DataMapRevision { get; set; }

    /// <summary>
    /// Requests a person made together (access and erasure in one form) share this id: one confirmation verifies them
    /// all, one status link follows them all. Null for a request made alone.
    /// </summary>
    public Guid? GroupId { get; init; }

    /// <summary>One of <see cref="RequestStatus"/>.</summary>
    public string Status { get; set; } = RequestStatus.Received;

    /// <summary>One of <see cref="RequestChannel"/>.</summary>
    public string Channel { get; init; } = RequestChannel.Api;

    /// <summary>The person's language (da, nb, en): messages and the answer report are written in it.</summary>
    public string Language { get; init; } = "en";

    /// <summary>What the person wrote with the request; personal data, shown only to those who handle requests.</summary>
    public string? Message { get; set; }

    /// <summary>The agent who handles the request and is reminded of its deadline.</summary>
    public string? Assignee { get; set; }

    /// <summary>How the identity was confirmed: the e-mail link, or the evidence an agent recorded.</summary>
    public string? VerificationEvidence { get; set; }

    public DateTime? VerifiedAt { get; set; }

    /// <summary>Records how the identity was confirmed, by whom and when (the status is moved by the caller).</summary>
    public void RecordVerification(string evidence, string? by, DateTime at)
    {
        VerificationEvidence = evidence;
        VerifiedBy = by;
        VerifiedAt = at;
    }

    public string? VerifiedBy { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public string? ApprovedBy { get; set; }

    /// <summary>Why the request was rejected, as the person is told.</summary>
    public string? RejectionReason { get; set; }

    /// <summary>How many of the assignee's reminders were sent (<see cref="ReminderSchedule"/>).</summary>
    public int ReminderStage { get; set; }

    /// <summary>When the request was completed, rejected or withdrawn.</summary>
    public DateTime? ClosedAt { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The last day to answer (Art. 12(3), <see cref="Deadline"/>); null for requests registered before deadlines were kept.</summary>
    public DateOnly? DueOn { get; set; }

    /// <summary>Months the deadline was extended by (1 or 2; at most once, Art. 12(3)); null when it was not.</summary>
    public int? ExtendedMonths { get; set; }

    /// <summary>Why it was extended, as the person is told.</summary>
    public string? ExtensionReason { get; set; }

    public DateTime? ExtendedAt { get; set; }

    public string? CreatedBy { get; init; }

    /// <summary>When every step was done (the request is <see cref="RequestStatus.Completed"/>).</summary>
    public DateTime? CompletedAt { get; set; }
}
