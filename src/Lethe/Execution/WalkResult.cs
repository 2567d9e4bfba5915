namespace Lethe.Execution;

/// <summary>The rows a walk found, per collection, each row as column → value; <paramref name="Context"/> names the collections fetched only as context.</summary>
public sealed record WalkResult(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Rows, IReadOnlySet<string> Context)
{
    public int Count => Rows.Values.Sum(r => r.Count);

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> In(string collection) => Rows.GetValueOrDefault(collection, []);
}
