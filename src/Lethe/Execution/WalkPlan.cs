using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>How a step finds its rows: by the person's identities, by a reference to rows found earlier, or as their referenced parent.</summary>
public enum StepKind
{
    /// <summary>Rows whose identity columns equal the person's identities.</summary>
    Identity = 1,

    /// <summary>Rows that reference rows found earlier (the person's orders, recordings, …).</summary>
    Child,

    /// <summary>A row that rows found earlier reference (the company of an employee), fetched as context and not walked from.</summary>
    Parent,
}

/// <summary>One query of a walk: which collection, how it is reached, and on which columns.</summary>
public sealed record WalkStep(
    StepKind Kind,
    string Collection,
    IReadOnlyList<(string Column, string IdentityType)> IdentityColumns,
    string? FromCollection = null,
    string? KeyColumn = null,
    string? FromColumn = null);

/// <summary>
/// The walk over one datastore from a person's identities to every related row. Starting rows are found by identity;
/// from them the walk follows references downwards (rows that point to them) transitively, and fetches rows they point
/// to as context without walking on from those: an employee's company is shown, its other employees are not.
/// </summary>
public sealed record WalkPlan(string Datastore, IReadOnlyList<WalkStep> Steps, IReadOnlyDictionary<string, string> RowKeys)
{
    /// <summary>
    /// The columns read from each collection: those the data map names (its fields, the key, the restriction flag) and no
    /// others, so a column the data map does not describe (a password hash, a token) is never read, let alone handed out.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The plan with its columns spelt as the live database spells them, and those it lacks left out.</summary>
    public WalkPlan ReadingFrom(Lethe.Connectors.LiveSchema schema) => this with
    {
        Columns = Columns.ToDictionary(c => c.Key, c =>
        {
            var live = schema.Tables.GetValueOrDefault(c.Key) ?? [];
            return (IReadOnlyList<string>)c.Value.Select(name => live.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))?.Name)
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        }, StringComparer.Ordinal),
    };

    /// <summary>Collections whose rows are the person's own (found by identity or below), as opposed to context.</summary>
    public IEnumerable<string> OwnCollections => Steps.Where(s => s.Kind != StepKind.Parent).Select(s => s.Collection).Distinct();

    public static WalkPlan For(string datastoreName, Datastore store, IReadOnlyCollection<Identity> identities)
    {
        var given = identities.Select(i => i.Type).ToHashSet(StringComparer.Ordinal);
        var steps = new List<WalkStep>();
        var reached = new HashSet<string>(StringComparer.Ordinal);

        foreach (var collection in store.Collections)
        {
            var columns = collection.Fields.Where(f => f.Identifies is not null).ToList();
            // A composite identity (extension+full_name) counts only when every part is given, and is matched in one row.
            var composite = columns.Where(f => CompositeParts.Contains(f.Identifies!)).ToList();
            if (composite.Count > 0 && composite.All(f => given.Contains(f.Identifies!)))
            {
                steps.Add(new WalkStep(StepKind.Identity, collection.Name, composite.Select(f => (f.Name, f.Identifies!)).ToList()));
                reached.Add(collection.Name);
            }

            foreach (var field in columns.Except(composite).Where(f => given.Contains(f.Identifies!)))
            {
                steps.Add(new WalkStep(StepKind.Identity, collection.Name, [(field.Name, field.Identifies!)]));
                reached.Add(collection.Name);
            }
        }

        // Downwards, breadth first; each collection is walked into once, which also ends cycles.
        var frontier = new Queue<string>(reached);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in store.Collections)
            {
                foreach (var field in child.Fields.Where(f => f.References?.Split('.')[0] == parent))
                {
                    steps.Add(new WalkStep(StepKind.Child, child.Name, [], parent, field.Name, field.References!.Split('.')[1]));
                    if (reached.Add(child.Name))
                    {
                        frontier.Enqueue(child.Name);
                    }
                }
            }
        }

        // Every step that finds rows of a collection runs before the steps that start from them, so none starts from half.
        var children = steps.Where(s => s.Kind == StepKind.Child).ToList();
        steps.RemoveAll(s => s.Kind == StepKind.Child);
        while (children.Count > 0)
        {
            var next = children.FirstOrDefault(c => !children.Any(o => o != c && o.Collection == c.FromCollection && o.Collection != o.FromCollection)) ?? children[0];
            steps.Add(next);
            children.Remove(next);
        }

        // Upwards one level, for context.
        foreach (var name in reached.ToList())
        {
            var collection = store.Collections.First(c => c.Name == name);
            foreach (var field in collection.Fields.Where(f => f.References is not null && !reached.Contains(f.References.Split('.')[0])))
            {
                var (target, key) = (field.References!.Split('.')[0], field.References.Split('.')[1]);
                steps.Add(new WalkStep(StepKind.Parent, target, [], name, key, field.Name));
            }
        }

        return new WalkPlan(datastoreName, steps, store.Collections.ToDictionary(c => c.Name, c => c.KeyColumn, StringComparer.Ordinal))
        {
            Columns = store.Collections.ToDictionary(
                c => c.Name,
                c => (IReadOnlyList<string>)new[] { c.KeyColumn, c.RestrictionFlag }.Concat(c.Fields.Select(f => f.Name)).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal),
        };
    }

    /// <summary>The walk as if every identity were given: the datastore's structure, for work that starts from stored keys.</summary>
    public static WalkPlan Structure(string datastoreName, Datastore store) =>
        For(datastoreName, store, store.Collections.SelectMany(c => c.Fields).Where(f => f.Identifies is not null)
            .Select(f => new Identity(f.Identifies!, "")).ToList());

    private static readonly HashSet<string> CompositeParts = new(StringComparer.Ordinal) { "extension", "full_name" };
}
