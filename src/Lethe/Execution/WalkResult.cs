namespace Lethe.Execution;

/// <summary>
/// The rows a walk found: the person's own per collection (each row as column → value), the names of collections
/// fetched only as context, and other people's rows that mention the person or that the person shares.
/// </summary>
public sealed record WalkResult(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Rows, IReadOnlySet<string> Context)
{
    /// <summary>Rows of others that mention the person, with only the key, the mention and the fields about them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Mentions { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>();

    /// <summary>Rows the person owns through <c>owns</c> that others' rows point to as well: kept.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Shared { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>();

    public int Count => Rows.Values.Sum(r => r.Count);

    /// <summary>The person's own rows of a collection.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> In(string collection) => Rows.GetValueOrDefault(collection, []);
}
