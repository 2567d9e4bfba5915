namespace Lethe.Breaches;

/// <summary>
/// One personal data breach in the tenant's register (Art. 33(5)): when it happened and when the company became aware,
/// what happened, what it touched in the data map, the risk assessment with its reasons, and the notification to the
/// authority — each with who did it and when. Its status moves only through the methods below, along
/// <see cref="BreachStatusRules.CanMove"/>; a move the table forbids is a bug in Lethe and throws, changing nothing.
/// </summary>
public sealed class Breach : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>When the breach happened, when known (UTC).</summary>
    public DateTime? OccurredAt { get; init; }

    /// <summary>When the company became aware: the 72-hour clock starts here (UTC).</summary>
    public DateTime AwareAt { get; init; }

    /// <summary>What happened, in the officer's words.</summary>
    public required string Description { get; init; }

    /// <summary>What it touched: <c>system</c>, <c>system.datastore</c> or <c>system.datastore.collection</c> of the data map, space-separated.</summary>
    public required string Affected { get; init; }

    /// <summary>The data map revision the affected parts were checked against.</summary>
    public int DataMapRevision { get; init; }

    public DateTime RecordedAt { get; init; }

    public string? RecordedBy { get; init; }

    /// <summary>What the last count found (<see cref="BreachCounts"/> as JSON): at registration, then at each notification.</summary>
    public string? CountsJson { get; set; }

    public BreachStatus Status { get; private set; } = BreachStatus.Open;

    public BreachRisk? Risk { get; private set; }

    /// <summary>Why the risk is what the assessment says: required, so an unnotified breach says why it was not notified.</summary>
    public string? RiskReasons { get; private set; }

    /// <summary>The likely consequences for the people (Art. 33(3)(c)).</summary>
    public string? Consequences { get; private set; }

    /// <summary>Measures taken or proposed to address the breach and mitigate its effects (Art. 33(3)(d)).</summary>
    public string? Measures { get; private set; }

    public DateTime? AssessedAt { get; private set; }

    public string? AssessedBy { get; private set; }

    /// <summary>The first notification to the authority.</summary>
    public DateTime? NotifiedAt { get; private set; }

    public string? NotifiedBy { get; private set; }

    /// <summary>Why the notification came after 72 hours (Art. 33(1)); null when it was on time.</summary>
    public string? LateReason { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public BreachClock Clock => new(AwareAt);

    public IReadOnlyList<string> AffectedParts => Affected.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The risk is assessed (or assessed again while the authority has not been told).</summary>
    public void Assess(BreachRisk risk, string reasons, string? consequences, string? measures, string? by, DateTime at)
    {
        MoveTo(BreachStatus.Assessed);
        Risk = risk;
        RiskReasons = reasons;
        Consequences = consequences;
        Measures = measures;
        AssessedAt = at;
        AssessedBy = by;
    }

    /// <summary>The authority was told: the first notification, or a later phase of it (Art. 33(4)), which keeps the first's time.</summary>
    /// <exception cref="InvalidOperationException">A late first notification without its reason: the command checks this first.</exception>
    public void Notify(string? lateReason, string? by, DateTime at)
    {
        if (NotifiedAt is null && Clock.IsLate(at) && string.IsNullOrWhiteSpace(lateReason))
        {
            throw new InvalidOperationException($"Breach {Id} is notified after 72 hours without the reason Art. 33(1) requires.");
        }

        MoveTo(BreachStatus.Notified);
        if (NotifiedAt is null)
        {
            NotifiedAt = at;
            NotifiedBy = by;
            LateReason = string.IsNullOrWhiteSpace(lateReason) ? null : lateReason;
        }
    }

    /// <summary>
    /// A later phase brings what the first notification lacked (Art. 33(4)): new consequences or measures replace the
    /// ones stated so far. Only once the authority has been told — before that, assess again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The breach is not notified: the command checks this first.</exception>
    public void Supplement(string? consequences, string? measures)
    {
        if (Status != BreachStatus.Notified)
        {
            throw new InvalidOperationException($"Breach {Id} is {Status}: only a notified breach takes further information.");
        }

        Consequences = consequences ?? Consequences;
        Measures = measures ?? Measures;
    }

    /// <summary>
    /// Whether it may be closed: once notified, or assessed as unlikely to result in a risk — a risk the authority was
    /// not told of cannot be put away.
    /// </summary>
    public bool MayClose => Status == BreachStatus.Notified || (Status == BreachStatus.Assessed && Risk == BreachRisk.Unlikely);

    public void Close(string? by, DateTime at)
    {
        if (!MayClose)
        {
            throw new InvalidOperationException($"Breach {Id} ({Status}, risk {Risk}) cannot be closed before the authority is notified.");
        }

        MoveTo(BreachStatus.Closed);
        ClosedAt = at;
        ClosedBy = by;
    }

    private void MoveTo(BreachStatus to)
    {
        if (!BreachStatus.CanMove(Status, to))
        {
            throw new InvalidOperationException($"A breach that is {Status} cannot become {to} (breach {Id}).");
        }

        Status = to;
    }
}
