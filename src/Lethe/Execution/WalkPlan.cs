using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>How a step finds its rows (docs/architecture.md § "The walk").</summary>
public enum StepKind
{
    /// <summary>Rows whose identity columns match the person's identities: the person, or rows that are theirs by an identity (a guest comment by e-mail).</summary>
    Identity = 1,

    /// <summary>Rows whose belongsTo column points to a row the person owns (their orders, the lines of those orders).</summary>
    BelongsTo,

    /// <summary>Rows the person's rows point to through an <c>owns</c> reference (their address): theirs while no one else's row points to them.</summary>
    Owns,

    /// <summary>Rows of others that name the person through a mention (the rental our staff member handled): only the fields about them.</summary>
    Mention,

    /// <summary>A row of a collection that belongs to nobody that the person's rows point to (a track, a product): context, never walked from.</summary>
    Context,
}

/// <summary>What a purpose may read: an access answer never reads a field that is not disclosed; a change reads what its strategies need.</summary>
public enum WalkPurpose
{
    Access = 1,

    /// <summary>Restriction and rectification: every named column of the person's rows.</summary>
    Change,

    /// <summary>
    /// Erasure: as a change, but rows that are deleted whole and that nothing else needs (a leaf below the person that
    /// no hold, file, condition or other row depends on) are not read first: they are deleted by their reference to the
    /// person's rows, in the same transaction (<see cref="WalkPlan.DeletedByReference"/>).
    /// </summary>
    Erasure,
}

/// <summary>
/// One query of a walk: which collection, how it is reached, on which columns, and which rows count (the collection's
/// <c>when</c>). For steps from earlier rows, <see cref="KeyColumn"/> is this collection's column that is compared with
/// <see cref="FromColumn"/>'s values in the rows of <see cref="FromCollection"/> the person owns.
/// </summary>
public sealed record WalkStep(
    StepKind Kind,
    string Collection,
    IReadOnlyList<(string Column, string IdentityType)> IdentityColumns,
    string? FromCollection = null,
    string? KeyColumn = null,
    string? FromColumn = null)
{
    /// <summary>The collection's conditions on which of its rows are personal data.</summary>
    public IReadOnlyList<RowCondition> When { get; init; } = [];

    /// <summary>For a mention: the fields about the mentioned person, besides the key and the mention.</summary>
    public IReadOnlyList<string> MentionFields { get; init; } = [];
}

/// <summary>
/// The walk over one datastore from a person's identities to exactly the rows the data map says are theirs: rows found
/// by identity, rows that belong to those through their belongsTo reference (to a fixpoint), rows they own through an
/// <c>owns</c> reference, rows of others that mention them (only the fields about them), and rows of collections that
/// belong to nobody as context. A row another person owns is never fetched.
/// </summary>
public sealed record WalkPlan(string Datastore, IReadOnlyList<WalkStep> Steps, IReadOnlyDictionary<string, string> RowKeys)
{
    /// <summary>
    /// The columns read from each collection: those the data map names (its fields, the key, the restriction flag) and no
    /// others, and for an access answer not those marked <c>disclose: false</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The tenant's country, the default for phone numbers given without a calling code.</summary>
    public string Country { get; init; } = "DK";

    /// <summary>Collections of which the identities given may match at most one row: each row is a person.</summary>
    public IReadOnlySet<string> PersonCollections { get; init; } = new HashSet<string>();

    /// <summary>Per person collection, the fields that describe a candidate without identifying them (no category): their customer, when created.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CandidateFields { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Per collection, the fields held but never disclosed in an access answer.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Undisclosed { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>For erasure: the belongsTo steps of collections deleted by their reference, not read (<see cref="WalkPurpose.Erasure"/>).</summary>
    public IReadOnlyList<WalkStep> DeletedByReference { get; init; } = [];

    /// <summary>For owns targets, the references of every collection that point to them: a target is shared when a row outside the person's points to it.</summary>
    public IReadOnlyList<(string Collection, string Column, string Target)> OwnsChecks { get; init; } = [];

    /// <summary>The columns a step reads: a mention only the key, the mention and the fields about the person; context only fields that hold no personal data.</summary>
    public IReadOnlyList<string> ColumnsFor(WalkStep step)
    {
        var all = Columns.GetValueOrDefault(step.Collection) ?? [];
        var key = RowKeys.GetValueOrDefault(step.Collection, "id");
        return step.Kind switch
        {
            StepKind.Mention => all.Where(c => Same(c, key) || Same(c, step.KeyColumn!) || step.MentionFields.Any(f => Same(c, f))).ToList(),
            StepKind.Context => all.Where(c => Same(c, key) || Same(c, step.KeyColumn!) || !_personal.Contains($"{step.Collection}.{c}")).ToList(),
            _ => all,
        };
    }

    private IReadOnlySet<string> _personal = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>Collections whose rows the person owns (found by identity, through belongsTo, or owns), as opposed to mentions and context.</summary>
    public IEnumerable<string> OwnCollections => Steps.Where(s => s.Kind is StepKind.Identity or StepKind.BelongsTo or StepKind.Owns).Select(s => s.Collection).Distinct();

    /// <param name="rules">The data map's retention rules: an erasure deletes a leaf by reference only where no hold starts or is required.</param>
    public static WalkPlan For(
        string datastoreName, Datastore store, IReadOnlyCollection<Identity> identities, WalkPurpose purpose = WalkPurpose.Access, string country = "DK",
        IReadOnlyList<RetentionRule>? rules = null)
    {
        var given = identities.Select(i => i.Type).ToHashSet(StringComparer.Ordinal);
        var byName = store.Collections.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var steps = new List<WalkStep>();
        var reached = new HashSet<string>(StringComparer.Ordinal);

        foreach (var collection in store.Collections.Where(c => c.IsOwned))
        {
            var columns = collection.Fields.Where(f => f.Identifies is not null).ToList();
            // A composite identity (extension+full_name) counts only when every part is given, and is matched in one row.
            var composite = columns.Where(f => CompositeParts.Contains(f.Identifies!)).ToList();
            if (composite.Count > 0 && composite.All(f => given.Contains(f.Identifies!)))
            {
                steps.Add(new WalkStep(StepKind.Identity, collection.Name, composite.Select(f => (f.Name, f.Identifies!)).ToList()) { When = Counted(collection, purpose) });
                reached.Add(collection.Name);
            }

            foreach (var field in columns.Except(composite).Where(f => given.Contains(f.Identifies!)))
            {
                steps.Add(new WalkStep(StepKind.Identity, collection.Name, [(field.Name, field.Identifies!)]) { When = Counted(collection, purpose) });
                reached.Add(collection.Name);
            }
        }

        // Down the belongsTo references only, to every collection that can belong to a person found; parents first.
        var owned = new List<WalkStep>();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var child in store.Collections.Where(c => c.BelongsTo is not null))
            {
                var field = child.FieldNamed(child.BelongsTo!);
                if (field?.References is not { } parent || !reached.Contains(parent.Collection) || owned.Any(s => s.Collection == child.Name))
                {
                    continue;
                }

                owned.Add(new WalkStep(StepKind.BelongsTo, child.Name, [], parent.Collection, field.Name, parent.Field) { When = Counted(child, purpose) });
                reached.Add(child.Name);
                changed = true;
            }
        }

        // An erasure need not read a leaf it deletes whole: it goes by its reference to the person's rows.
        var byReference = purpose == WalkPurpose.Erasure && rules is not null
            ? owned.Where(step => DeletableByReference(datastoreName, store, byName[step.Collection], rules)).ToList()
            : [];
        steps.AddRange(owned.Except(byReference));
        reached.ExceptWith(byReference.Select(step => step.Collection));

        // Rows the person's rows point to: their own (owns), or context from a collection that belongs to nobody.
        var ownsChecks = new List<(string, string, string)>();
        foreach (var name in store.Collections.Where(c => reached.Contains(c.Name)).Select(c => c.Name))
        {
            foreach (var field in byName[name].Fields)
            {
                if (field.References is not { } reference || !byName.TryGetValue(reference.Collection, out var target) || target.IsOwned)
                {
                    continue;
                }

                var kind = field.Owns ? StepKind.Owns : StepKind.Context;
                if (kind == StepKind.Context && purpose == WalkPurpose.Erasure)
                {
                    // Context is shown, never changed: an erasure has no use for it.
                    continue;
                }

                steps.Add(new WalkStep(kind, reference.Collection, [], name, reference.Field, field.Name));
                if (field.Owns)
                {
                    ownsChecks.AddRange(store.Collections.SelectMany(c => c.Fields.Where(f => f.References == reference)
                        .Select(f => (c.Name, f.Name, reference.Collection))));
                }
            }
        }

        // Rows of others that name the person.
        foreach (var collection in store.Collections)
        {
            foreach (var mention in collection.Mentions)
            {
                if (collection.FieldNamed(mention.Field) is { References: { } target } && reached.Contains(target.Collection))
                {
                    steps.Add(new WalkStep(StepKind.Mention, collection.Name, [], target.Collection, mention.Field, target.Field)
                    {
                        When = collection.When,
                        MentionFields = mention.Fields,
                    });
                }
            }
        }

        var personal = store.Collections.SelectMany(c => c.Fields.Where(f => f.Category is not null || f.Identifies is not null).Select(f => $"{c.Name}.{f.Name}"));
        return new WalkPlan(datastoreName, steps, store.Collections.ToDictionary(c => c.Name, c => c.KeyColumn, StringComparer.Ordinal))
        {
            Columns = store.Collections.ToDictionary(
                c => c.Name,
                c => (IReadOnlyList<string>)new[] { c.KeyColumn, c.RestrictionFlag }
                    .Concat(c.Fields.Where(f => purpose != WalkPurpose.Access || f.Disclose).Select(f => f.Name))
                    .OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal),
            Country = country,
            PersonCollections = store.Collections.Where(c => c.IsPerson).Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
            CandidateFields = store.Collections.Where(c => c.IsPerson).ToDictionary(c => c.Name,
                c => (IReadOnlyList<string>)c.Fields.Where(f => f.Category is null && f.Identifies is null && f.Disclose).Select(f => f.Name).ToList(), StringComparer.Ordinal),
            Undisclosed = store.Collections.Where(c => c.Fields.Any(f => !f.Disclose) || c.KeyValue?.Entries.Any(e => !e.Disclose) == true).ToDictionary(c => c.Name,
                c => (IReadOnlyList<string>)c.Fields.Where(f => !f.Disclose).Select(f => f.Name)
                    .Concat(c.KeyValue?.Entries.Where(e => !e.Disclose).Select(e => $"{c.KeyValue.Key} = {e.Key}") ?? []).ToList(), StringComparer.Ordinal),
            OwnsChecks = ownsChecks.Distinct().ToList(),
            DeletedByReference = byReference,
            _personal = personal.ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The walk as if every identity were given: the datastore's structure, for work that starts from stored keys.</summary>
    public static WalkPlan Structure(string datastoreName, Datastore store, WalkPurpose purpose = WalkPurpose.Change) =>
        For(datastoreName, store, store.Collections.SelectMany(c => c.Fields).Where(f => f.Identifies is not null)
            .SelectMany(f => f.Identifies!.Split('+')).Distinct().Select(type => new Identity(type, "")).ToList(), purpose);

    /// <summary>
    /// The rows of a collection that count: those meeting its <c>when</c>, and in a key–value table those of the keys listed
    /// (for an answer, only keys with a category that are disclosed: a session token's row is never read).
    /// </summary>
    private static IReadOnlyList<RowCondition> Counted(Collection collection, WalkPurpose purpose)
    {
        if (collection.KeyValue is not { } kv)
        {
            return collection.When;
        }

        var keys = kv.Entries.Where(e => purpose != WalkPurpose.Access || (e.Disclose && e.Category is not null)).Select(e => e.Key).ToList();
        return [.. collection.When, new RowCondition { Field = kv.Key, In = keys }];
    }

    /// <summary>
    /// A collection an erasure deletes whole without reading it: its rows have a delete-row field and only belong to the
    /// person through belongsTo (no identity, no condition, no key–value entries), and nothing depends on reading them —
    /// no file to remove, no restriction flag, no hold that starts or is required there, no reference into it.
    /// </summary>
    private static bool DeletableByReference(string datastoreName, Datastore store, Collection collection, IReadOnlyList<RetentionRule> rules) =>
        collection.BelongsTo is not null
        && collection.Fields.Any(f => f.Erasure == ErasureStrategy.DeleteRow)
        && collection.Fields.All(f => f.Identifies is null && !f.File && !f.Owns)
        && collection.When.Count == 0 && collection.KeyValue is null && collection.RestrictionFlag is null
        && !store.Collections.Any(c => c.Fields.Any(f => f.References?.Collection == collection.Name))
        && !rules.Any(r => r.Anchor is { } anchor && anchor.Datastore.ToString() == datastoreName && anchor.Collection.Name == collection.Name
                           || r.Requires.Any(q => q.Collection == collection.Name));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> CompositeParts = new(StringComparer.Ordinal) { "extension", "full_name" };
}
