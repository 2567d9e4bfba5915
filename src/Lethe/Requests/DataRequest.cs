using Lethe.Common;

namespace Lethe.Requests;

/// <summary>
/// A data subject request being carried out: which right, for whom (the identities the person gave), and when it was
/// completed. Its work is done in one <see cref="RequestStep"/> per datastore. Its status moves only through the
/// methods below, each along <see cref="RequestStatusRules.CanMove"/>; a move the rules forbid is refused with the
/// <see cref="Conflict"/> the person trying it is shown, and changes nothing.
/// </summary>
public sealed class DataRequest : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required RequestType Type { get; init; }

    /// <summary>
    /// JSON array of <c>{type, value}</c> (and <c>unverified: true</c> on one nothing has checked yet): personal data,
    /// shown only to those who handle requests.
    /// </summary>
    public required string IdentitiesJson { get; set; }

    /// <summary>The identities the person gave, checked or not.</summary>
    public IReadOnlyList<Execution.Identity> Identities() =>
        System.Text.Json.JsonSerializer.Deserialize<List<Execution.Identity>>(IdentitiesJson) ?? [];

    /// <summary>The identities the request searches by and acts on: only those checked (<see cref="Execution.Identity.Unverified"/>).</summary>
    public IReadOnlyList<Execution.Identity> SearchIdentities() => Execution.Identity.Searchable(Identities());

    /// <summary>Whether the person gave identities nothing has checked yet.</summary>
    public bool HasUncheckedIdentities => Identities().Any(i => i.Unverified);

    /// <summary>An agent checked every identity the person gave: all of them are searched by from now on.</summary>
    public void MarkIdentitiesChecked() =>
        IdentitiesJson = System.Text.Json.JsonSerializer.Serialize(Identities().Select(i => i with { Unverified = false }));

    /// <summary>For rectification: JSON object of data category → new value.</summary>
    public string? ChangesJson { get; private set; }

    /// <summary>
    /// For a rectification asked in the person's own words: the <see cref="Requests.Correction"/> as JSON, with the agent's
    /// decision once made. Personal data, shown only to those who handle requests.
    /// </summary>
    public string? CorrectionJson { get; private set; }

    /// <summary>The data map revision the steps were planned from (set when the request is approved).</summary>
    public int DataMapRevision { get; set; }

    /// <summary>
    /// Requests a person made together (access and erasure in one form) share this id: one confirmation verifies them
    /// all, one status link follows them all. Null for a request made alone.
    /// </summary>
    public Guid? GroupId { get; init; }

    public RequestStatus Status { get; private set; } = RequestStatus.Received;

    public RequestChannel Channel { get; init; } = RequestChannel.Api;

    /// <summary>The person's language (da, nb, en): messages and the answer report are written in it.</summary>
    public string Language { get; init; } = "en";

    /// <summary>What the person wrote with the request; personal data, shown only to those who handle requests.</summary>
    public string? Message { get; set; }

    /// <summary>The agent who handles the request and is reminded of its deadline.</summary>
    public string? Assignee { get; set; }

    /// <summary>How the identity was confirmed: the e-mail link, or the evidence an agent recorded.</summary>
    public string? VerificationEvidence { get; set; }

    public DateTime? VerifiedAt { get; private set; }

    public string? VerifiedBy { get; private set; }

    public DateTime? ApprovedAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    /// <summary>Why the request was rejected, as the person is told.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>How many of the assignee's reminders were sent (<see cref="ReminderSchedule"/>).</summary>
    public int ReminderStage { get; set; }

    /// <summary>When the request was completed, rejected or withdrawn.</summary>
    public DateTime? ClosedAt { get; private set; }

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
    public DateTime? CompletedAt { get; private set; }

    /// <summary>Until when a worker holds the making of the answer package (<see cref="Answers.AnswerPackages.ClaimAsync"/>).</summary>
    public DateTime? PackageLeasedUntil { get; set; }

    /// <summary>Why a rectification in the person's words cannot be approved yet.</summary>
    public const string NeedsConfirmedCorrection =
        "The person described the correction in their own words: record the exact values to correct, or that it is done by hand, before approving.";

    /// <summary>The correction in the person's words and the agent's decision, when there is one.</summary>
    public Correction? Correction => Requests.Correction.Read(CorrectionJson);

    /// <summary>
    /// A rectification the person described in words waits for an agent to say what exactly is corrected: until then
    /// it cannot be approved, so nothing is changed in any datastore from words alone.
    /// </summary>
    public bool AwaitsCorrection => Type == RequestType.Rectification && ChangesJson is null && Correction?.ByHand is null;

    /// <summary>What a request asks to change, as registered: the exact values, or the person's words for an agent to confirm.</summary>
    public void Asks(IReadOnlyDictionary<string, string>? changes, Correction? correction)
    {
        ChangesJson = changes is null ? null : System.Text.Json.JsonSerializer.Serialize(changes);
        CorrectionJson = correction?.ToJson();
    }

    /// <summary>
    /// The agent's decision on a correction the person described: the exact values to set by data category, or (with
    /// <paramref name="changes"/> null) that it is made by hand as <paramref name="byHand"/> says. Only before the work
    /// starts, and only once: a second decision would change what the person was told is being done.
    /// </summary>
    public Conflict? ConfirmCorrection(IReadOnlyDictionary<string, string>? changes, string? byHand, string? by, DateTime at)
    {
        if (Correction is not { } asked)
        {
            return new Conflict("Only a correction the person described in the privacy centre is confirmed by an agent.");
        }

        if (asked.Confirmed)
        {
            return new Conflict($"The correction was already confirmed by {asked.ConfirmedBy}.");
        }

        if (!RequestStatus.IsOpen(Status) || ApprovedAt is not null)
        {
            return new Conflict($"The request is {RequestStatus.Describe(Status)}; a correction is confirmed before the work starts.");
        }

        ChangesJson = changes is null ? null : System.Text.Json.JsonSerializer.Serialize(changes);
        CorrectionJson = (asked with { ByHand = changes is null ? byHand : null, ConfirmedBy = by, ConfirmedAt = at }).ToJson();
        return null;
    }

    /// <summary>A privacy-centre request waits for the person to confirm their e-mail address.</summary>
    public Conflict? AwaitVerification() => MoveTo(RequestStatus.AwaitingVerification);

    /// <summary>The identity is confirmed: how (the e-mail link, or the evidence an agent recorded), by whom and when.</summary>
    public Conflict? Verify(string evidence, string? by, DateTime at)
    {
        if (MoveTo(RequestStatus.Verified) is { } refused)
        {
            return refused;
        }

        VerificationEvidence = evidence;
        VerifiedBy = by;
        VerifiedAt = at;
        return null;
    }

    /// <summary>Adds how more identities were checked to the evidence already recorded.</summary>
    public void AddVerificationEvidence(string evidence) =>
        VerificationEvidence = VerificationEvidence is not { } earlier ? evidence
            : earlier.TrimEnd().EndsWith('.') ? $"{earlier.TrimEnd()} {evidence}" : $"{earlier}; {evidence}";

    /// <summary>The engine may start, with the steps planned from <paramref name="dataMapRevision"/>.</summary>
    public Conflict? Approve(string? by, DateTime at, int dataMapRevision)
    {
        // Approval starts the engine once. A request awaiting external steps goes back to in progress by its steps
        // (FollowSteps), never by a second approval, which would plan every step again.
        if (Status != RequestStatus.Verified)
        {
            return new Conflict(RequestStatus.Refusal(Status, RequestStatus.InProgress));
        }

        if (AwaitsCorrection)
        {
            return new Conflict(NeedsConfirmedCorrection);
        }

        MoveTo(RequestStatus.InProgress);

        ApprovedBy = by;
        ApprovedAt = at;
        DataMapRevision = dataMapRevision;
        return null;
    }

    /// <summary>Refused, with the reason the person is told.</summary>
    public Conflict? Reject(string reason, DateTime at)
    {
        if (MoveTo(RequestStatus.Rejected) is { } refused)
        {
            return refused;
        }

        RejectionReason = reason;
        ClosedAt = at;
        return null;
    }

    /// <summary>The person took the request back before the work started.</summary>
    public Conflict? Withdraw(DateTime at)
    {
        if (MoveTo(RequestStatus.Withdrawn) is { } refused)
        {
            return refused;
        }

        ClosedAt = at;
        return null;
    }

    /// <summary>Every step is done (or there were none to do).</summary>
    public Conflict? Complete(DateTime at)
    {
        if (MoveTo(RequestStatus.Completed) is { } refused)
        {
            return refused;
        }

        CompletedAt ??= at;
        ClosedAt ??= at;
        return null;
    }

    /// <summary>
    /// A request being carried out goes where its steps are: completed when every step is done, awaiting external
    /// steps while a system or a person has one, otherwise in progress. A request not being carried out stays as it is.
    /// </summary>
    public void FollowSteps(IReadOnlyCollection<RequestStep> steps, DateTime at)
    {
        if (Status is not (RequestStatus.InProgress or RequestStatus.AwaitingExternal))
        {
            return;
        }

        var to = steps.All(s => s.Status == StepStatus.Done) ? RequestStatus.Completed
            : steps.Any(s => s.Status == StepStatus.Waiting) ? RequestStatus.AwaitingExternal
            : RequestStatus.InProgress;
        if (to == RequestStatus.Completed)
        {
            Complete(at);
        }
        else if (to != Status)
        {
            MoveTo(to);
        }
    }

    private Conflict? MoveTo(RequestStatus to)
    {
        if (!RequestStatus.CanMove(Status, to))
        {
            return new Conflict(RequestStatus.Refusal(Status, to));
        }

        Status = to;
        return null;
    }
}
