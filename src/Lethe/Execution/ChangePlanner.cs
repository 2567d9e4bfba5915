using System.Globalization;
using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>
/// Turns the rows a walk found into the changes of an erasure, a restriction or a rectification. Plain rules, no
/// database: the manifest says what each field's strategy is, the live column kinds say what can be written, the holds
/// say what must wait.
/// </summary>
public static class ChangePlanner
{
    /// <summary>Erasure: each field's strategy; delete-row deletes the row. Held rows are kept and deferred to the hold's end.</summary>
    public static ChangePlan Erasure(
        Manifest manifest, Datastore store, WalkPlan plan, WalkResult found, IReadOnlyDictionary<string, ColumnKind> columns, byte[] hashKey, DateOnly today)
    {
        var holds = LegalHolds.Find(manifest, plan, found, today);
        var problems = new List<string>();
        var kept = new List<KeptRows>();
        var counts = new List<ChangeCount>();
        var updates = new List<UpdateRow>();
        var deletes = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        var deferred = new List<DeferredRows>();
        var own = plan.OwnCollections.ToHashSet(StringComparer.Ordinal);

        foreach (var collection in store.Collections.Where(c => own.Contains(c.Name)))
        {
            var rows = found.In(collection.Name);
            if (rows.Count == 0)
            {
                continue;
            }

            var key = collection.KeyColumn;
            var strategies = collection.Fields.Where(f => f.Erasure is not null).ToList();
            var deleteRows = strategies.Any(f => f.Erasure == ErasureStrategy.DeleteRow) || (strategies.Count == 0 && DeletedByRetention(manifest, plan.Datastore, collection.Name));
            if (strategies.Count == 0 && !deleteRows && collection.KeyValue is null)
            {
                if (collection.Fields.Any(f => f.Category is not null && f.Identifies is null))
                {
                    kept.Add(KeptReasons.Kept(collection.Name, rows.Count, KeptReasons.NoStrategy, []));
                }

                continue;
            }

            foreach (var field in strategies.Where(f => f.Erasure != ErasureStrategy.DeleteRow))
            {
                if (columns.TryGetValue($"{collection.Name}.{field.Name}", out var kind) && !ErasureStrategy.Fits(field.Erasure!, kind, field.Replacement))
                {
                    problems.Add($"{plan.Datastore}.{collection.Name}.{field.Name}: erasure '{field.Erasure}' cannot be written to a {kind.ToString().ToLowerInvariant()} column");
                }
            }

            var held = new List<(object Key, Hold Hold)>();
            var changed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var rowKey = row.GetValueOrDefault(key);
                if (rowKey is null)
                {
                    problems.Add($"{plan.Datastore}.{collection.Name}: a row has no value in its key column '{key}'");
                    continue;
                }

                if (holds.TryGetValue((collection.Name, LegalHolds.KeyText(rowKey)), out var hold))
                {
                    held.Add((rowKey, hold));
                    // What the law does not require of a held row goes now; the rest when the hold ends.
                    if (Required(manifest, hold, collection) is { } required)
                    {
                        var now = new Dictionary<string, object?>(StringComparer.Ordinal);
                        var heldRowChanged = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var field in strategies.Where(f => f.Erasure != ErasureStrategy.DeleteRow && !required.Contains(f.Name)))
                        {
                            Erase(field, row, now, heldRowChanged, problems, plan.Datastore, collection.Name, hashKey, columns);
                        }

                        CountRow(changed, heldRowChanged);

                        if (collection.RestrictionFlag is { } flag && !IsTrue(row.GetValueOrDefault(flag)))
                        {
                            now[flag] = Flag(columns, collection.Name, flag);
                        }

                        if (now.Count > 0)
                        {
                            updates.Add(new UpdateRow(collection.Name, key, rowKey, now));
                        }
                    }

                    continue;
                }

                if (collection.KeyValue is { } kv)
                {
                    // Each row's key says what its value is, and so how it is erased.
                    var entry = kv.Entries.FirstOrDefault(e => string.Equals(LegalHolds.KeyText(row.GetValueOrDefault(kv.Key)), e.Key, StringComparison.Ordinal));
                    if (entry?.Erasure == ErasureStrategy.DeleteRow)
                    {
                        (deletes.TryGetValue(collection.Name, out var rowsToDelete) ? rowsToDelete : deletes[collection.Name] = []).Add(rowKey);
                    }
                    else if (entry?.Erasure is { } erasure)
                    {
                        var value = new Dictionary<string, object?>(StringComparer.Ordinal);
                        var kvRowChanged = new HashSet<string>(StringComparer.Ordinal);
                        Erase(new Field { Name = kv.Value, Erasure = erasure, Replacement = entry.Replacement }, row, value, kvRowChanged, problems, plan.Datastore, collection.Name, hashKey);
                        CountRow(changed, kvRowChanged);
                        if (value.Count > 0)
                        {
                            updates.Add(new UpdateRow(collection.Name, key, rowKey, value));
                        }
                    }

                    continue;
                }

                if (deleteRows)
                {
                    (deletes.TryGetValue(collection.Name, out var list) ? list : deletes[collection.Name] = []).Add(rowKey);
                    continue;
                }

                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                var rowChanged = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in strategies)
                {
                    Erase(field, row, values, rowChanged, problems, plan.Datastore, collection.Name, hashKey, columns);
                }

                CountRow(changed, rowChanged);

                if (values.Count > 0)
                {
                    updates.Add(new UpdateRow(collection.Name, key, rowKey, values));
                }
            }

            counts.AddRange(changed.Select(c => new ChangeCount(collection.Name, c.Key, c.Value)));
            foreach (var group in held.GroupBy(h => h.Hold))
            {
                var hold = group.Key;
                var until = hold.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var (reason, values) = (hold.Because, hold.LegalReference) switch
                {
                    ({ } because, _) => (KeptReasons.ReferencedByHeld, new[] { because, hold.Rule, until }),
                    (null, { } law) => (KeptReasons.RetentionRuleWithLaw, new[] { hold.Rule, law, until }),
                    _ => (KeptReasons.RetentionRule, new[] { hold.Rule, until }),
                };
                var required = Required(manifest, hold, collection);
                var keptFields = required is null
                    ? collection.Fields.Where(f => f.Category is not null).Select(f => f.Name).ToList()
                    : collection.Fields.Where(f => f.Category is not null && (required.Contains(f.Name) || f.Erasure is null or ErasureStrategy.DeleteRow)).Select(f => f.Name).ToList();
                kept.Add(KeptReasons.Kept(collection.Name, group.Count(), reason, values, hold.Until, hold.Rule, hold.LegalReference) with
                {
                    KeptFields = keptFields,
                    ErasedFields = required is null ? [] : strategies.Where(f => f.Erasure != ErasureStrategy.DeleteRow && !required.Contains(f.Name)).Select(f => f.Name).ToList(),
                    Restricted = required is not null && collection.RestrictionFlag is not null,
                });
                deferred.Add(new DeferredRows(hold.Until, collection.Name, group.Select(h => h.Key).ToList(), hold.Rule, hold.LegalReference));
            }
        }

        EraseMentions(store, plan, found, updates, counts, problems, hashKey, columns);
        foreach (var (collection, rows) in found.Shared.Where(s => s.Value.Count > 0))
        {
            kept.Add(KeptReasons.Kept(collection, rows.Count, KeptReasons.Shared, []));
        }

        KeepReferencedParents(store, plan, found, deletes, kept);
        foreach (var (collection, keys) in deletes.Where(d => d.Value.Count > 0))
        {
            counts.Add(new ChangeCount(collection, ErasureStrategy.DeleteRow, keys.Count));
        }

        // Leaves deleted by reference: every one of the person's rows of the parent, whatever happens to the parent row itself.
        var referencing = plan.DeletedByReference
            .Select(step => new DeleteReferencing(step.Collection, step.KeyColumn!, found.In(step.FromCollection!)
                .Select(r => WalkRunner.Lookup(r, step.FromColumn!))
                .OfType<object>().Distinct().ToList()))
            .Where(d => d.References.Count > 0)
            .ToList();
        return new ChangePlan(plan.Datastore, Ordered(store, updates, deletes, referencing), counts, kept, deferred, problems) { Files = FilesOf(store, found, deletes, updates) };
    }

    /// <summary>Restriction (Art. 18): sets the restriction flag column of every own row of collections that name one.</summary>
    public static ChangePlan Restriction(Datastore store, WalkPlan plan, WalkResult found, IReadOnlyDictionary<string, ColumnKind>? columns = null)
    {
        var own = plan.OwnCollections.ToHashSet(StringComparer.Ordinal);
        var updates = new List<UpdateRow>();
        var counts = new List<ChangeCount>();
        foreach (var collection in store.Collections.Where(c => c.RestrictionFlag is not null && own.Contains(c.Name)))
        {
            var rows = found.In(collection.Name).Where(r => !IsTrue(r.GetValueOrDefault(collection.RestrictionFlag!))).ToList();
            updates.AddRange(rows.Select(r => new UpdateRow(collection.Name, collection.KeyColumn, r[collection.KeyColumn]!,
                new Dictionary<string, object?> { [collection.RestrictionFlag!] = Flag(columns, collection.Name, collection.RestrictionFlag!) })));
            if (rows.Count > 0)
            {
                counts.Add(new ChangeCount(collection.Name, "restrict", rows.Count));
            }
        }

        return new ChangePlan(plan.Datastore, updates, counts, [], [], []);
    }

    /// <summary>Rectification (Art. 16): sets every own field of a given data category to the new value, converted to the column's type.</summary>
    public static ChangePlan Rectification(
        Datastore store, WalkPlan plan, WalkResult found, IReadOnlyDictionary<string, string> changes, IReadOnlyDictionary<string, ColumnKind> columns)
    {
        var own = plan.OwnCollections.ToHashSet(StringComparer.Ordinal);
        var updates = new List<UpdateRow>();
        var counts = new List<ChangeCount>();
        var problems = new List<string>();
        foreach (var collection in store.Collections.Where(c => own.Contains(c.Name)))
        {
            var fields = collection.Fields.Where(f => f.Category is not null && changes.ContainsKey(f.Category)).ToList();
            var typed = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                var kind = columns.GetValueOrDefault($"{collection.Name}.{field.Name}", ColumnKind.Text);
                if (Convert(changes[field.Category!], kind) is { } value)
                {
                    typed[field.Name] = value;
                }
                else
                {
                    problems.Add($"{plan.Datastore}.{collection.Name}.{field.Name}: '{Shorten(changes[field.Category!])}' is not a valid {kind.ToString().ToLowerInvariant()} value for {field.Category}");
                }
            }

            var changed = 0;
            foreach (var row in found.In(collection.Name))
            {
                var values = typed.Where(t => !Equals(row.GetValueOrDefault(t.Key), t.Value)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
                if (values.Count > 0)
                {
                    updates.Add(new UpdateRow(collection.Name, collection.KeyColumn, row[collection.KeyColumn]!, values));
                    changed++;
                }
            }

            if (changed > 0)
            {
                counts.Add(new ChangeCount(collection.Name, "rectify " + string.Join(", ", fields.Select(f => f.Name)), changed));
            }
        }

        return new ChangePlan(plan.Datastore, updates, counts, [], [], problems);
    }

    /// <summary>
    /// Counts a row once under each strategy that changed it: a row whose phone and message are both set to null is one
    /// row set to null, not two, for <see cref="ChangeCount.Rows"/> are the rows a person is told were changed.
    /// </summary>
    private static void CountRow(Dictionary<string, int> changed, HashSet<string> rowChanged)
    {
        foreach (var strategy in rowChanged)
        {
            changed[strategy] = changed.GetValueOrDefault(strategy) + 1;
        }
    }

    /// <summary>One field's strategy applied to one row, into <paramref name="values"/> when it changes anything, its strategy noted in <paramref name="rowChanged"/>.</summary>
    private static void Erase(
        Field field, IReadOnlyDictionary<string, object?> row, Dictionary<string, object?> values, HashSet<string> rowChanged, List<string> problems,
        string datastore, string collection, byte[] hashKey, IReadOnlyDictionary<string, ColumnKind>? columns = null)
    {
        try
        {
            var kind = columns?.GetValueOrDefault($"{collection}.{field.Name}") ?? ColumnKind.Other;
            var erased = ErasureStrategy.Apply(field.Erasure!, row.GetValueOrDefault(field.Name), field.Replacement, hashKey, kind);
            if (erased.Changes)
            {
                values[field.Name] = erased.Value;
                rowChanged.Add(field.Erasure!);
            }
        }
        catch (FormatException e)
        {
            problems.Add($"{datastore}.{collection}.{field.Name}: {e.Message}");
        }
    }

    /// <summary>The fields of a held row the hold's rule requires kept, or null when the rule keeps whole rows (it lists nothing, or this collection whole).</summary>
    private static HashSet<string>? Required(Manifest manifest, Hold hold, Collection collection)
    {
        var rule = manifest.RetentionRules.FirstOrDefault(r => r.Key == hold.Rule);
        if (rule is null || rule.RequiresWhole(collection.Name))
        {
            return null;
        }

        return rule.Requires.Where(r => r.Collection == collection.Name).Select(r => r.Field).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>In others' rows that mention the person, only the fields about them (and the mention, when it has a strategy) are erased.</summary>
    private static void EraseMentions(
        Datastore store, WalkPlan plan, WalkResult found, List<UpdateRow> updates, List<ChangeCount> counts, List<string> problems, byte[] hashKey,
        IReadOnlyDictionary<string, ColumnKind> columns)
    {
        foreach (var (name, rows) in found.Mentions)
        {
            var collection = store.Collections.First(c => c.Name == name);
            var changed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                var rowChanged = new HashSet<string>(StringComparer.Ordinal);
                foreach (var mention in collection.Mentions.Where(m => row.ContainsKey(m.Field)))
                {
                    foreach (var field in mention.Fields.Prepend(mention.Field).Select(collection.FieldNamed).OfType<Field>()
                                 .Where(f => f.Erasure is not null && f.Erasure != ErasureStrategy.DeleteRow))
                    {
                        Erase(field, row, values, rowChanged, problems, plan.Datastore, name, hashKey, columns);
                    }
                }

                CountRow(changed, rowChanged);

                if (values.Count > 0 && row.GetValueOrDefault(collection.KeyColumn) is { } key)
                {
                    updates.Add(new UpdateRow(name, collection.KeyColumn, key, values));
                }
            }

            counts.AddRange(changed.Select(c => new ChangeCount(name, "mention " + c.Key, c.Value)));
        }
    }

    /// <summary>A rectified value in the column's type, or null when it does not fit.</summary>
    public static object? Convert(string value, ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
        ColumnKind.Decimal => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : null,
        ColumnKind.Boolean => bool.TryParse(value, out var b) ? b : null,
        ColumnKind.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
        ColumnKind.Timestamp => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null,
        _ => value.Length <= 10_000 && !value.Contains('\0', StringComparison.Ordinal) ? value : null,
    };

    /// <summary>Column kinds by <c>collection.column</c>, from the live schema.</summary>
    public static Dictionary<string, ColumnKind> Kinds(Connectors.LiveSchema schema) =>
        schema.Tables.SelectMany(t => t.Value.Select(c => ($"{t.Key}.{c.Name}", ColumnType.Of(c.Type))))
            .ToDictionary(c => c.Item1, c => c.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>The files of deleted rows, and of file columns an update clears or replaces.</summary>
    private static List<string> FilesOf(Datastore store, WalkResult found, Dictionary<string, List<object>> deletes, List<UpdateRow> updates)
    {
        var files = new List<string>();
        foreach (var collection in store.Collections.Where(c => c.Fields.Any(f => f.File)))
        {
            var fileFields = collection.Fields.Where(f => f.File).Select(f => f.Name).ToList();
            var deleted = deletes.TryGetValue(collection.Name, out var keys) ? keys.Select(LegalHolds.KeyText).ToHashSet(StringComparer.Ordinal) : [];
            var updated = updates.Where(u => u.Collection == collection.Name).ToDictionary(u => LegalHolds.KeyText(u.Key), StringComparer.Ordinal);
            foreach (var row in found.In(collection.Name))
            {
                var key = LegalHolds.KeyText(row.GetValueOrDefault(collection.KeyColumn));
                foreach (var field in fileFields)
                {
                    if (row.GetValueOrDefault(field) is string path && path.Length > 0
                        && (deleted.Contains(key) || (updated.TryGetValue(key, out var update) && update.Values.ContainsKey(field))))
                    {
                        files.Add(path);
                    }
                }
            }
        }

        return files;
    }

    private static bool DeletedByRetention(Manifest manifest, string datastore, string collection) =>
        manifest.RetentionRules.Any(r => r.Action == "delete" && r.Anchor is { } anchor && anchor.Datastore.ToString() == datastore && anchor.Collection.Name == collection);

    /// <summary>A row that kept rows still reference cannot be deleted: it stays, and says why.</summary>
    private static void KeepReferencedParents(Datastore store, WalkPlan plan, WalkResult found, Dictionary<string, List<object>> deletes, List<KeptRows> kept)
    {
        // Other people's rows that name the person and keep naming them (the mention has no strategy that clears it) hold
        // the person's row they name: deleting it would leave their reference dangling.
        foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Mention))
        {
            if (!deletes.TryGetValue(step.FromCollection!, out var targetKeys) || targetKeys.Count == 0
                || store.Collections.First(c => c.Name == step.Collection).FieldNamed(step.KeyColumn!)?.Erasure is not (null or ErasureStrategy.DeleteRow))
            {
                continue;
            }

            var named = found.Mentions.GetValueOrDefault(step.Collection, [])
                .Select(r => WalkRunner.Lookup(r, step.KeyColumn!))
                .OfType<object>().Select(LegalHolds.KeyText).ToHashSet(StringComparer.Ordinal);
            var targets = found.In(step.FromCollection!).ToDictionary(r => LegalHolds.KeyText(r.GetValueOrDefault(plan.RowKeys.GetValueOrDefault(step.FromCollection!, "id"))), StringComparer.Ordinal);
            var blocked = targetKeys.Where(k => targets.TryGetValue(LegalHolds.KeyText(k), out var t) && named.Contains(LegalHolds.KeyText(t.GetValueOrDefault(step.FromColumn!)))).ToList();
            if (blocked.Count > 0)
            {
                targetKeys.RemoveAll(blocked.Contains);
                kept.Add(KeptReasons.Kept(step.FromCollection!, blocked.Count, KeptReasons.NamedByOthers, [step.Collection]));
            }
        }

        // An owns target (an address) is a parent of the row that points to it: turn the step around.
        var edges = plan.Steps.Where(s => s.Kind == StepKind.BelongsTo)
            .Concat(plan.Steps.Where(s => s.Kind == StepKind.Owns).Select(s => new WalkStep(StepKind.BelongsTo, s.FromCollection!, [], s.Collection, s.FromColumn, s.KeyColumn)))
            .Reverse();
        foreach (var step in edges)
        {
            if (!deletes.TryGetValue(step.FromCollection!, out var parentKeys) || parentKeys.Count == 0)
            {
                continue;
            }

            var childKey = plan.RowKeys.GetValueOrDefault(step.Collection, "id");
            var deletedChildren = deletes.TryGetValue(step.Collection, out var d) ? d.Select(LegalHolds.KeyText).ToHashSet(StringComparer.Ordinal) : [];
            var stillReferenced = found.In(step.Collection)
                .Where(c => !deletedChildren.Contains(LegalHolds.KeyText(c.GetValueOrDefault(childKey))))
                .Select(c => LegalHolds.KeyText(c.GetValueOrDefault(step.KeyColumn!)))
                .ToHashSet(StringComparer.Ordinal);
            var parentsByKey = found.In(step.FromCollection!).ToDictionary(p => LegalHolds.KeyText(p.GetValueOrDefault(plan.RowKeys.GetValueOrDefault(step.FromCollection!, "id"))), StringComparer.Ordinal);
            var blocked = parentKeys.Where(k => parentsByKey.TryGetValue(LegalHolds.KeyText(k), out var p) && stillReferenced.Contains(LegalHolds.KeyText(p.GetValueOrDefault(step.FromColumn!)))).ToList();
            if (blocked.Count > 0)
            {
                parentKeys.RemoveAll(blocked.Contains);
                kept.Add(KeptReasons.Kept(step.FromCollection!, blocked.Count, KeptReasons.ReferencedByKept, [step.Collection]));
            }
        }
    }

    /// <summary>Updates first, then deletes from the most dependent collection to the least, so no reference is left dangling.</summary>
    private static List<RowChange> Ordered(Datastore store, List<UpdateRow> updates, Dictionary<string, List<object>> deletes, List<DeleteReferencing>? referencing = null)
    {
        var changes = new List<RowChange>(updates);
        foreach (var collection in Enumerable.Reverse(ReferenceOrder.ParentsFirst(store.Collections)))
        {
            changes.AddRange(referencing?.Where(d => d.Collection == collection.Name) ?? []);
            if (deletes.TryGetValue(collection.Name, out var keys) && keys.Count > 0)
            {
                changes.Add(new DeleteRows(collection.Name, collection.KeyColumn, keys));
            }
        }

        return changes;
    }

    /// <summary>"Restricted" as the column holds it: true, or 1 in an integer column (SQLite, and schemas without a boolean type).</summary>
    private static object Flag(IReadOnlyDictionary<string, ColumnKind>? columns, string collection, string flag) =>
        columns?.GetValueOrDefault($"{collection}.{flag}") == ColumnKind.Integer ? 1L : true;

    private static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        _ => false,
    };

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
