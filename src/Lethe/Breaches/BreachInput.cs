namespace Lethe.Breaches;

/// <summary>A breach as the officer registers it: times are UTC instants; affected parts are data map names.</summary>
public sealed record BreachInput(DateTime? OccurredAt, DateTime? AwareAt, string? Description, IReadOnlyList<string?>? Affected);

/// <summary>A risk assessment: the risk by its wire name (unlikely, risk, high_risk) and why.</summary>
public sealed record AssessmentInput(string? Risk, string? Reasons, string? Consequences, string? Measures);

/// <summary>A breach with what Lethe derives for it: the impact from the data map in force, the notifications made, how the people were told.</summary>
public sealed record BreachView(
    Breach Breach, BreachImpact? Impact, BreachCounts? Counts, IReadOnlyList<BreachNotification> Notifications, IReadOnlyList<BreachCommunication> Communications);

/// <summary>
/// A notification to the authority: the first, with the reason when it is late; or a later phase (Art. 33(4)), which says
/// what it adds and may bring new consequences and measures. <paramref name="SentAt"/> is when it reached the authority
/// (UTC), when that was before it is recorded here; left out, now.
/// </summary>
public sealed record NotificationInput(string? LateReason = null, string? Added = null, string? Consequences = null, string? Measures = null, DateTime? SentAt = null);
