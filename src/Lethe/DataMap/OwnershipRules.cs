namespace Lethe.DataMap;

/// <summary>
/// The checks that make every row's owner clear (docs/manifest.md § "Whose row is it"): each collection of a database
/// is a person, belongs to one through one named reference, or belongs to nobody; a reference from a collection that
/// belongs to nobody to one whose rows are people's must be named as a mention, or the data map does not say whose it is.
/// </summary>
public static class OwnershipRules
{
    internal static void Check(ManifestErrors errors, string path, Datastore store, IReadOnlyCollection<string> categories)
    {
        if (!store.Kind.IsSql)
        {
            return;
        }

        var byName = store.Collections.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = Findable(store);
        for (var i = 0; i < store.Collections.Count; i++)
        {
            var collection = store.Collections[i];
            var cpath = $"{path}.collections[{i}]";
            if (collection.Is is { } @is && @is != Ownership.Person && @is != Ownership.Customer)
            {
                errors.At($"{cpath}.is", $"'{@is}' is not a kind of row; write is: person when each row is a person, is: customer when each row is a customer served as processor, or belongsTo: FIELD when it belongs to a person.");
            }

            if (collection.Is is { } kind && collection.BelongsTo is not null)
            {
                errors.At($"{cpath}.belongsTo", $"cannot be given with is: {kind}: a row is a {kind} or belongs to a person, not both.");
            }

            if (collection.IsCustomer && store.Collections.Take(i).Any(c => c.IsCustomer))
            {
                errors.At($"{cpath}.is", "only one collection of a datastore can be is: customer: it is the one list of the customers served there.");
            }

            if (collection.BelongsTo is { } belongsTo)
            {
                Reference(errors, $"{cpath}.belongsTo", collection, belongsTo, byName, "belongsTo");
            }

            if (collection.IsOwned && !found.Contains(collection.Name))
            {
                errors.At($"{cpath}.{(collection.BelongsTo is null ? "is" : "belongsTo")}",
                    $"no row of {collection.Name} can ever be found: neither it nor any collection it belongs to has a field that identifies a person (identifies: email, …).");
            }

            if (!collection.IsOwned && collection.Fields.FirstOrDefault(f => f.Identifies is not null) is { } identity)
            {
                errors.At($"{cpath}.fields[{Index(collection, identity.Name)}].identifies",
                    $"finds a person's rows, but {collection.Name} says nobody owns them: add is: person when each row is a person, or belongsTo: FIELD when the row belongs to the person another row is.");
            }

            for (var m = 0; m < collection.Mentions.Count; m++)
            {
                var mention = collection.Mentions[m];
                Reference(errors, $"{cpath}.mentions[{m}].field", collection, mention.Field, byName, "a mention");
                if (mention.Field == collection.BelongsTo)
                {
                    errors.At($"{cpath}.mentions[{m}].field", $"'{mention.Field}' is the belongsTo reference: the row is that person's, it does not merely mention them.");
                }

                foreach (var name in mention.Fields.Where(f => collection.FieldNamed(f) is null))
                {
                    errors.At($"{cpath}.mentions[{m}].fields", $"'{name}' is not one of the collection's fields.");
                }
            }

            for (var w = 0; w < collection.When.Count; w++)
            {
                var condition = collection.When[w];
                var tests = new object?[] { condition.EqualsValue, condition.In, condition.NotIn, condition.IsNull }.Count(t => t is not null);
                if (collection.FieldNamed(condition.Field) is null)
                {
                    errors.At($"{cpath}.when[{w}].field", $"'{condition.Field}' is not one of the collection's fields; list the column under fields.");
                }

                if (tests != 1)
                {
                    errors.At($"{cpath}.when[{w}]", "needs exactly one of equals, in, notIn or isNull.");
                }
            }

            if (collection.KeyValue is { } kv)
            {
                foreach (var (column, name) in new[] { (kv.Key, "key"), (kv.Value, "value") })
                {
                    if (collection.FieldNamed(column) is null)
                    {
                        errors.At($"{cpath}.keyValue.{name}", $"'{column}' is not one of the collection's fields; list the column under fields.");
                    }
                }

                if (!collection.IsOwned)
                {
                    errors.At($"{cpath}.keyValue", $"describes what {collection.Name}'s values are about a person, but the collection belongs to nobody; add belongsTo.");
                }

                for (var e = 0; e < kv.Entries.Count; e++)
                {
                    var entry = kv.Entries[e];
                    if (entry.Erasure is { } erasure && !ManifestVocabulary.ErasureStrategies.Contains(erasure))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].erasure", $"'{erasure}' is not an erasure strategy; use {string.Join(", ", ManifestVocabulary.ErasureStrategies)}.");
                    }

                    if ((entry.Erasure == "replace") != (entry.Replacement is not null))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].replacement", "goes with erasure: replace, and replace needs it.");
                    }

                    if (entry.Category is { } category && !categories.Contains(category))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].category", $"'{category}' is not a known data category.");
                    }
                }

                foreach (var duplicate in kv.Entries.GroupBy(x => x.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    errors.At($"{cpath}.keyValue.entries", $"'{duplicate.Key}' is listed more than once.");
                }
            }

            if (collection.When.Count > 0 && !collection.IsOwned)
            {
                errors.At($"{cpath}.when", $"says which rows of {collection.Name} are personal data, but the collection belongs to nobody; add is: person or belongsTo.");
            }

            for (var f = 0; f < collection.Fields.Count; f++)
            {
                var field = collection.Fields[f];
                var target = field.References is { } t ? byName.GetValueOrDefault(t.Collection) : null;
                if (field.Owns && target is null)
                {
                    errors.At($"{cpath}.fields[{f}].owns", "is only used on a field with references: the row it points to is the owner's own.");
                }
                else if (field.Owns && target!.IsOwned)
                {
                    errors.At($"{cpath}.fields[{f}].owns", $"points to {target.Name}, whose rows have owners of their own; owns is for rows that belong to nobody but the people who point to them (an address).");
                }

                // A reference from a row nobody owns to a person's row names that person: unnamed, the data map would not say whose the row is.
                if (!collection.IsOwned && target is { IsOwned: true } && collection.Mentions.All(m => m.Field != field.Name))
                {
                    errors.At($"{cpath}.fields[{f}].references",
                        $"points to {target.Name}, whose rows belong to people, but {collection.Name} says nobody owns its rows. Add belongsTo: {field.Name} when a row of {collection.Name} is that person's, or list {field.Name} under mentions when it names them in a row that is not theirs.");
                }
            }
        }
    }

    /// <summary>The collections whose rows can be found from a person's identities, through identity fields and belongsTo.</summary>
    public static HashSet<string> Findable(Datastore store)
    {
        var found = store.Collections.Where(c => c.IsOwned && c.Fields.Any(f => f.Identifies is not null)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var collection in store.Collections.Where(c => c.BelongsTo is not null && !found.Contains(c.Name)))
            {
                if (collection.FieldNamed(collection.BelongsTo!)?.References is { } parent && found.Contains(parent.Collection))
                {
                    changed = found.Add(collection.Name);
                }
            }
        }

        return found;
    }

    private static void Reference(ManifestErrors errors, string path, Collection collection, string name, Dictionary<string, Collection> byName, string what)
    {
        var field = collection.FieldNamed(name);
        if (field is null)
        {
            errors.At(path, $"'{name}' is not one of the collection's fields; list the column under fields with its references.");
        }
        else if (field.References is not { } target)
        {
            errors.At(path, $"'{name}' has no references: {what} names a field that points to another collection's row (references: collection.field).");
        }
        else if (byName.GetValueOrDefault(target.Collection) is { IsOwned: false } nobody)
        {
            errors.At(path, $"'{name}' points to {nobody.Name}, whose rows belong to nobody; give {nobody.Name} is: person (or belongsTo), or choose a reference to a collection whose rows are people's.");
        }
    }

    private static int Index(Collection collection, string field) => collection.Fields.ToList().FindIndex(f => f.Name == field);
}
