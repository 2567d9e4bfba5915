namespace Lethe.Retention;

/// <summary>What retention would do today, per rule, without changing anything.</summary>
public sealed record RetentionPlan(DateOnly Day, IReadOnlyList<RulePlan> Rules, IReadOnlyList<RuleNotSwept> NotSwept);

/// <summary>
/// One rule's figures: rows due now, rows that become due in the next 30 days, held rows (a legal hold, an open request)
/// and rows kept because others still reference them. <see cref="Problem"/> says why the rule could not be counted.
/// </summary>
public sealed record RulePlan(
    string Rule, string Collection, string Action, DateOnly Cutoff, long DueNow, long DueNext30Days, long Held, long Referenced,
    string? LegalReference, string? HeldBecause = null, string? Problem = null)
{
    /// <summary><see cref="HeldBecause"/> as sentences to say in the reader's language (the console); the API and CLI show the English.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Lethe.Localization.Said> HeldWhy { get; init; } = [];
}

/// <summary>A rule Lethe does not sweep, and why in a sentence (English; <see cref="Why"/> says it in the reader's language).</summary>
public sealed record RuleNotSwept(string Rule, string Reason)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Lethe.Localization.Said? Why { get; init; }
}
