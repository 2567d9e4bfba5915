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
    public static (IReadOnlyList<RetentionTarget> Targets, IReadOnlyList<(RetentionRule Rule, string Reason)> NotSwept) Of(Manifest manifest)
    {
        var targets = new List<RetentionTarget>();
        var notSwept = new List<(RetentionRule, string)>();
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

    private static RetentionTarget? For(Manifest manifest, RetentionRule rule, out string reason)
    {
        reason = "";
        if (rule.Maximum is null || IsoPeriod.Parse(rule.Maximum) is null)
        {
            reason = "it sets no maximum period: it only keeps data (a legal hold), it deletes nothing";
            return null;
        }

        var parts = rule.Anchor?.Split('.');
        if (parts is not { Length: 4 })
        {
            reason = "it names no anchor column to count the period from";
            return null;
        }

        var datastore = $"{parts[0]}.{parts[1]}";
        var store = manifest.FindDatastore(datastore);
        var collection = store?.Collections.FirstOrDefault(c => c.Name == parts[2]);
        if (store is null || collection is null)
        {
            reason = $"{rule.Anchor} is not in the data map";
            return null;
        }

        if (store.Kind is not ("postgres" or "sqlite"))
        {
            reason = $"{datastore} is a {store.Kind} system: it enforces the period itself";
            return null;
        }

        var strategies = collection.Fields.Where(f => f.Erasure is not null && f.Erasure != ErasureStrategy.DeleteRow).ToList();
        var deletes = rule.Action == "delete" || collection.Fields.Any(f => f.Erasure == ErasureStrategy.DeleteRow);
        if (!deletes && strategies.Count == 0)
        {
            reason = $"{datastore}.{collection.Name} has no field with an erasure strategy to anonymize with";
            return null;
        }

        var referencedBy = store.Collections
            .SelectMany(c => c.Fields.Where(f => f.References is { } r && r.StartsWith(collection.Name + ".", StringComparison.Ordinal))
                .Select(f => new RetentionReference(c.Name, f.Name, f.References![(collection.Name.Length + 1)..])))
            .ToList();
        return new RetentionTarget(rule, datastore, store, collection, parts[3], deletes, deletes ? [] : strategies,
            // Files go with deleted rows only; an anonymized row keeps its file.
            deletes ? collection.Fields.Where(f => f.File).Select(f => f.Name).ToList() : [], referencedBy);
    }
}

/// <summary>A column of another collection that points at a column of the target: a row it points at is not deleted.</summary>
public sealed record RetentionReference(string Collection, string Column, string ReferencedColumn);
