using Lethe.Localization;

namespace Lethe.Execution;

/// <summary>
/// Why rows a request would change stay as they are, as a text id and its values: the console and the person's answer
/// say it in their language (<see cref="Say"/>), and the English is made from the same text, so the two cannot drift.
/// </summary>
public static class KeptReasons
{
    public const string NoStrategy = "no_strategy";
    public const string RetentionRule = "retention_rule";
    public const string RetentionRuleWithLaw = "retention_rule_law";
    public const string ReferencedByHeld = "referenced_by_held";
    public const string Shared = "shared";
    public const string NamedByOthers = "named_by_others";
    public const string ReferencedByKept = "referenced_by_kept";

    private const string LegalHoldPrefix = "legal_hold_";

    /// <summary>
    /// What a hold on the whole datastore names as its collection. Stored as it is said in English (steps stored before
    /// have it too); <see cref="SayCollection"/> says it in the reader's language.
    /// </summary>
    public const string EveryCollection = "every collection";

    /// <summary>A legal hold's reason, by the hold's scope (<c>Lethe.Retention.HoldScope</c>).</summary>
    public static string LegalHold(string scope) => LegalHoldPrefix + scope;

    /// <summary>Rows kept because a legal hold covers them: their reason's value is the hold's note, for staff only.</summary>
    public static bool IsLegalHold(KeptRows kept) =>
        kept.ReasonId?.StartsWith(LegalHoldPrefix, StringComparison.Ordinal) == true
        || (kept.ReasonId is null && kept.Reason.StartsWith("under a legal hold", StringComparison.Ordinal));

    public static IReadOnlyList<string> All { get; } =
    [
        NoStrategy, RetentionRule, RetentionRuleWithLaw, ReferencedByHeld, Shared, NamedByOthers, ReferencedByKept,
        LegalHold(Retention.HoldScope.Tenant), LegalHold(Retention.HoldScope.Collection), LegalHold(Retention.HoldScope.Person),
    ];

    /// <summary>Rows kept for the reason <paramref name="id"/>, whose text takes <paramref name="values"/> in order.</summary>
    public static KeptRows Kept(string collection, int rows, string id, IReadOnlyList<string> values, DateOnly? until = null, string? rule = null, string? legalReference = null) =>
        new(collection, rows, new Said(TextId.KeptReason(id), values).In("en"), until, rule, legalReference) { ReasonId = id, ReasonValues = values };

    /// <summary>The collection the rows are in, or "every collection" in <paramref name="language"/> for a hold on the whole datastore.</summary>
    public static string SayCollection(KeptRows kept, string language) =>
        kept.Collection == EveryCollection ? Texts.Get("kept.every_collection", language) : kept.Collection;

    /// <summary>
    /// The reason in <paramref name="language"/>. A step stored before reasons had ids, or whose text has since taken a
    /// value it was not stored with, says the English it was stored with.
    /// </summary>
    public static string Say(KeptRows kept, string language) =>
        kept.ReasonId is { } id ? new Said(TextId.KeptReason(id), kept.ReasonValues).Find(language) ?? kept.Reason : kept.Reason;
}
