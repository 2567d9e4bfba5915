using Lethe.Localization;
using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>
/// What one retention rule of the data map does to its datastore: the collection its anchor lies in, the date column the
/// period counts from, whether due rows are deleted or anonymized (with the fields' erasure strategies), the files that
/// go with deleted rows, and the collections whose references keep a row from being deleted. Plain rules, no database.
/// </summary>
public sealed record RetentionTarget(
    RetentionRule Rule,
    string Datastore,
    Datastore Store,
    Collection Collection,
    string AnchorColumn,
    bool DeletesRows,
    IReadOnlyList<Field> Strategies,
    IReadOnlyList<string> FileColumns,
    IReadOnlyList<RetentionReference> ReferencedBy)
{
    /// <summary>
    /// For anonymization: chains of references from the target out to rows kept under a rule's minimum period. A target
    /// row that a still-kept row points at stays as it is (an invoice under the bookkeeping act keeps its customer's name).
    /// </summary>
    public IReadOnlyList<HoldingChain> HeldBy { get; init; } = [];

    public string Key => Rule.Key;

    /// <summary><c>system.datastore.collection</c>, as collection holds name it.</summary>
    public string CollectionPath => $"{Datastore}.{Collection.Name}";

    public string KeyColumn => Collection.KeyColumn;

    /// <summary>The first anchor date not yet due on <paramref name="today"/>: rows anchored before it are due.</summary>
    public DateOnly Cutoff(DateOnly today, string? financialYearEnd) =>
        RetentionCutoff.FirstNotDue(today, IsoPeriod.Parse(Rule.Maximum!)!, Rule.CountFrom, financialYearEnd);

    /// <summary>
    /// The rules of a data map that Lethe sweeps, and for each rule it cannot sweep the reason in a sentence (a rule with
    /// only a minimum is a hold, not a deadline; a rule over a webhook or manual system is that system's to enforce).
    /// </summary>
    public static (IReadOnlyList<RetentionTarget> Targets, IReadOnlyList<(RetentionRule Rule, Said Reason)> NotSwept) Of(Manifest manifest)
    {
        var targets = new List<RetentionTarget>();
        var notSwept = new List<(RetentionRule, Said)>();
        foreach (var rule in manifest.RetentionRules)
        {
            if (For(manifest, rule, out var reason) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                notSwept.Add((rule, reason));
            }
        }

        return (targets, notSwept);
    }

    private static RetentionTarget? For(Manifest manifest, RetentionRule rule, out Said reason)
    {
        reason = new Said("", []);
        if (rule.Maximum is null || IsoPeriod.Parse(rule.Maximum) is null)
        {
            reason = new Said("retention.not_swept.no_period", []);
            return null;
        }

        if (rule.Anchor is not { } anchor)
        {
            reason = new Said("retention.not_swept.no_anchor", []);
            return null;
        }

        var datastore = anchor.Datastore.ToString();
        var store = manifest.FindDatastore(anchor.Datastore);
        var collection = manifest.FindCollection(anchor.Collection);
        if (store is null || collection is null)
        {
            reason = new Said("retention.not_swept.unknown_anchor", [anchor.ToString()]);
            return null;
        }

        if (!store.Kind.IsSql)
        {
            reason = new Said("retention.not_swept.system_enforces", [datastore, store.Kind.ToString()]);
            return null;
        }

        var strategies = collection.Fields.Where(f => f.Erasure is not null && f.Erasure != ErasureStrategy.DeleteRow)
            .Where(f => rule.Fields.Count == 0 || rule.Fields.Contains(f.Name)).ToList();
        // A rule naming its fields erases just those; otherwise a delete-row field makes anonymization a deletion.
        var deletes = rule.Action == "delete" || (rule.Fields.Count == 0 && collection.Fields.Any(f => f.Erasure == ErasureStrategy.DeleteRow));
        if (!deletes && strategies.Count == 0)
        {
            reason = new Said("retention.not_swept.nothing_to_anonymize", [$"{datastore}.{collection.Name}"]);
            return null;
        }

        var referencedBy = ReferencesTo(store, collection.Name);
        return new RetentionTarget(rule, datastore, store, collection, anchor.Name, deletes, deletes ? [] : strategies,
            // Files go with deleted rows only; an anonymized row keeps its file.
            deletes ? collection.Fields.Where(f => f.File).Select(f => f.Name).ToList() : [], referencedBy)
        {
            // A deleted row is kept by any reference at all; an anonymized one only by rows the law still keeps.
            HeldBy = deletes ? [] : Chains(manifest, anchor.Datastore, store, collection.Name),
        };
    }

    private static List<RetentionReference> ReferencesTo(Datastore store, string collection)
    {
        var references = new List<RetentionReference>();
        foreach (var c in store.Collections)
        {
            foreach (var f in c.Fields)
            {
                if (f.References is { } r && r.Collection == collection)
                {
                    references.Add(new RetentionReference(c.Name, f.Name, r.Field));
                }
            }
        }

        return references;
    }

    /// <summary>Every chain (at most four references long, no collection twice) to the anchor of a rule with a minimum.</summary>
    private static List<HoldingChain> Chains(Manifest manifest, DatastoreRef datastore, Datastore store, string target)
    {
        var minimums = new List<(RetentionRule Rule, FieldRef Anchor)>();
        foreach (var rule in manifest.RetentionRules)
        {
            if (rule.Minimum is not null && IsoPeriod.Parse(rule.Minimum) is not null && rule.Anchor is { } anchor && anchor.Datastore == datastore)
            {
                minimums.Add((rule, anchor));
            }
        }

        var chains = new List<HoldingChain>();
        var paths = new Queue<List<RetentionReference>>(ReferencesTo(store, target).Select(r => new List<RetentionReference> { r }));
        while (paths.Count > 0)
        {
            var path = paths.Dequeue();
            var end = path[^1].Collection;
            chains.AddRange(minimums.Where(m => m.Anchor.Collection.Name == end).Select(m => new HoldingChain(path, m.Rule, m.Anchor.Name)));
            if (path.Count < 4)
            {
                foreach (var next in ReferencesTo(store, end).Where(n => n.Collection != target && path.All(p => p.Collection != n.Collection)))
                {
                    paths.Enqueue([.. path, next]);
                }
            }
        }

        return chains;
    }
}

/// <summary>A column of another collection that points at a column of the target: a row it points at is not deleted.</summary>
public sealed record RetentionReference(string Collection, string Column, string ReferencedColumn);

/// <summary>References from the target out to <paramref name="Rule"/>'s anchor collection, whose rows are kept until its minimum has passed.</summary>
public sealed record HoldingChain(IReadOnlyList<RetentionReference> Hops, RetentionRule Rule, string AnchorColumn);
