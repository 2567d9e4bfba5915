using Lethe.Localization;

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
                errors.At($"{cpath}.is", new Said("manifest.error.not_a_kind_of_row", [@is]));
            }

            if (collection.Is is { } kind && collection.BelongsTo is not null)
            {
                errors.At($"{cpath}.belongsTo", new Said("manifest.error.is_and_belongs_to", [kind]));
            }

            if (collection.IsCustomer && store.Collections.Take(i).Any(c => c.IsCustomer))
            {
                errors.At($"{cpath}.is", new Said("manifest.error.one_customer_collection", []));
            }

            if (collection.BelongsTo is { } belongsTo)
            {
                Reference(errors, $"{cpath}.belongsTo", collection, belongsTo, byName, new Said("manifest.error.belongs_to_without_references", [belongsTo]));
            }

            if (collection.IsOwned && !found.Contains(collection.Name))
            {
                errors.At($"{cpath}.{(collection.BelongsTo is null ? "is" : "belongsTo")}", new Said("manifest.error.never_found", [collection.Name]));
            }

            if (!collection.IsOwned && collection.Fields.FirstOrDefault(f => f.Identifies is not null) is { } identity)
            {
                errors.At($"{cpath}.fields[{Index(collection, identity.Name)}].identifies", new Said("manifest.error.identifies_unowned", [collection.Name]));
            }

            for (var m = 0; m < collection.Mentions.Count; m++)
            {
                var mention = collection.Mentions[m];
                Reference(errors, $"{cpath}.mentions[{m}].field", collection, mention.Field, byName, new Said("manifest.error.mention_without_references", [mention.Field]));
                if (mention.Field == collection.BelongsTo)
                {
                    errors.At($"{cpath}.mentions[{m}].field", new Said("manifest.error.mention_is_belongs_to", [mention.Field]));
                }

                foreach (var name in mention.Fields.Where(f => collection.FieldNamed(f) is null))
                {
                    errors.At($"{cpath}.mentions[{m}].fields", new Said("manifest.error.not_a_field", [name]));
                }
            }

            for (var w = 0; w < collection.When.Count; w++)
            {
                var condition = collection.When[w];
                var tests = new object?[] { condition.EqualsValue, condition.In, condition.NotIn, condition.IsNull }.Count(t => t is not null);
                if (collection.FieldNamed(condition.Field) is null)
                {
                    errors.At($"{cpath}.when[{w}].field", new Said("manifest.error.not_a_field_list_it", [condition.Field]));
                }

                if (tests != 1)
                {
                    errors.At($"{cpath}.when[{w}]", new Said("manifest.error.when_one_test", []));
                }
            }

            if (collection.KeyValue is { } kv)
            {
                foreach (var (column, name) in new[] { (kv.Key, "key"), (kv.Value, "value") })
                {
                    if (collection.FieldNamed(column) is null)
                    {
                        errors.At($"{cpath}.keyValue.{name}", new Said("manifest.error.not_a_field_list_it", [column]));
                    }
                }

                if (!collection.IsOwned)
                {
                    errors.At($"{cpath}.keyValue", new Said("manifest.error.key_value_unowned", [collection.Name]));
                }

                for (var e = 0; e < kv.Entries.Count; e++)
                {
                    var entry = kv.Entries[e];
                    if (entry.Erasure is { } erasure && !ManifestVocabulary.ErasureStrategies.Contains(erasure))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].erasure", new Said("manifest.error.erasure_strategy", [erasure, string.Join(", ", ManifestVocabulary.ErasureStrategies)]));
                    }

                    if ((entry.Erasure == "replace") != (entry.Replacement is not null))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].replacement", new Said("manifest.error.entry_replacement", []));
                    }

                    if (entry.Category is { } category && !categories.Contains(category))
                    {
                        errors.At($"{cpath}.keyValue.entries[{e}].category", ManifestRules.NotKnown(new Said("manifest.error.unknown_data_category", [category])));
                    }
                }

                foreach (var duplicate in kv.Entries.GroupBy(x => x.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    errors.At($"{cpath}.keyValue.entries", new Said("manifest.error.entry_twice", [duplicate.Key]));
                }
            }

            if (collection.When.Count > 0 && !collection.IsOwned)
            {
                errors.At($"{cpath}.when", new Said("manifest.error.when_unowned", [collection.Name]));
            }

            for (var f = 0; f < collection.Fields.Count; f++)
            {
                var field = collection.Fields[f];
                var target = field.References is { } t ? byName.GetValueOrDefault(t.Collection) : null;
                if (field.Owns && target is null)
                {
                    errors.At($"{cpath}.fields[{f}].owns", new Said("manifest.error.owns_without_references", []));
                }
                else if (field.Owns && target!.IsOwned)
                {
                    errors.At($"{cpath}.fields[{f}].owns", new Said("manifest.error.owns_owned", [target.Name]));
                }

                // A reference from a row nobody owns to a person's row names that person: unnamed, the data map would not say whose the row is.
                if (!collection.IsOwned && target is { IsOwned: true } && collection.Mentions.All(m => m.Field != field.Name))
                {
                    errors.At($"{cpath}.fields[{f}].references", new Said("manifest.error.reference_unnamed", [target.Name, collection.Name, field.Name]));
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

    /// <param name="withoutReferences">What the field is for, said when it has no <c>references</c>.</param>
    private static void Reference(ManifestErrors errors, string path, Collection collection, string name, Dictionary<string, Collection> byName, Said withoutReferences)
    {
        var field = collection.FieldNamed(name);
        if (field is null)
        {
            errors.At(path, new Said("manifest.error.reference_not_a_field", [name]));
        }
        else if (field.References is not { } target)
        {
            errors.At(path, withoutReferences);
        }
        else if (byName.GetValueOrDefault(target.Collection) is { IsOwned: false } nobody)
        {
            errors.At(path, new Said("manifest.error.reference_to_nobody", [name, nobody.Name]));
        }
    }

    private static int Index(Collection collection, string field) => collection.Fields.ToList().FindIndex(f => f.Name == field);
}
