namespace Lethe.Execution;

/// <summary>One change to a datastore, in the order it must be made.</summary>
public abstract record RowChange(string Collection, string KeyColumn);

/// <summary>Sets columns of one row.</summary>
public sealed record UpdateRow(string Collection, string KeyColumn, object Key, IReadOnlyDictionary<string, object?> Values) : RowChange(Collection, KeyColumn);

/// <summary>Deletes rows by key.</summary>
public sealed record DeleteRows(string Collection, string KeyColumn, IReadOnlyList<object> Keys) : RowChange(Collection, KeyColumn);

/// <summary>Deletes the rows whose <paramref name="KeyColumn"/> points to one of <paramref name="References"/>: the person's rows of a leaf nobody needs read first.</summary>
public sealed record DeleteReferencing(string Collection, string KeyColumn, IReadOnlyList<object> References) : RowChange(Collection, KeyColumn);

/// <summary>What a change does to a collection, for the audit and the report: counts and strategies, never values.</summary>
public sealed record ChangeCount(string Collection, string Action, int Rows);

/// <summary>Rows left alone, with why; held rows also say until when and under which rule.</summary>
public sealed record KeptRows(string Collection, int Rows, string Reason, DateOnly? Until = null, string? Rule = null, string? LegalReference = null)
{
    /// <summary>The fields with personal data that stay until the hold ends.</summary>
    public IReadOnlyList<string> KeptFields { get; init; } = [];

    /// <summary>The fields erased now because the hold's rule does not require them.</summary>
    public IReadOnlyList<string> ErasedFields { get; init; } = [];

    /// <summary>Whether the rows' restriction flag was set, so the system stores them only.</summary>
    public bool Restricted { get; init; }

    /// <summary>The reason as a text id (<see cref="KeptReasons"/>); null in outcomes stored before reasons had ids.</summary>
    public string? ReasonId { get; init; }

    /// <summary>The values the reason's text takes, in order.</summary>
    public IReadOnlyList<string> ReasonValues { get; init; } = [];
}

/// <summary>Rows whose erasure waits for a hold to end: erased on <paramref name="Due"/>.</summary>
public sealed record DeferredRows(DateOnly Due, string Collection, IReadOnlyList<object> Keys, string Rule, string? LegalReference);

/// <summary>The changes one request makes in one datastore, in foreign-key-safe order, applied in one transaction.</summary>
public sealed record ChangePlan(
    string Datastore,
    IReadOnlyList<RowChange> Changes,
    IReadOnlyList<ChangeCount> Counts,
    IReadOnlyList<KeptRows> Kept,
    IReadOnlyList<DeferredRows> Deferred,
    IReadOnlyList<string> Problems)
{
    /// <summary>Paths (relative to the datastore's files directory) of files whose rows are deleted: removed once the transaction commits.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public bool IsValid => Problems.Count == 0;
}
