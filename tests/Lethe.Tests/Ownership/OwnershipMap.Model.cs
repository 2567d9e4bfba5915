using Lethe.DataMap;

namespace Lethe.Tests.Ownership;

/// <summary>The ownership view to and from the engine's data-map model (format 2).</summary>
public sealed partial record OwnershipMap
{
    /// <summary>Reads the annotations from the engine's data-map model (format 2).</summary>
    public static OwnershipMap From(Datastore store) =>
        new(store.Collections.Select(c => new TableSpec(c.Name, c.Fields.Select(f => new ColumnSpec(f.Name)
        {
            Identifies = f.Identifies,
            References = f.ReferencesText,
            Owns = f.Owns,
            Disclose = f.Disclose,
            Erasure = f.Erasure,
            Replacement = f.Replacement,
            Category = f.Category,
        }).ToList())
        {
            Key = c.Key ?? (c.Fields.Any(f => f.Name == "id") ? "id" : null),
            Is = c.Is,
            BelongsTo = c.BelongsTo,
            Mentions = c.Mentions.Select(m => new MentionSpec(m.Field, m.Fields)).ToList(),
            When = c.When.Select(w => new ConditionSpec(w.Field) { EqualsValue = w.EqualsValue, In = w.In, NotIn = w.NotIn, IsNull = w.IsNull }).ToList(),
        }).ToList());

    /// <summary>The data-map model the engine is given for these tables.</summary>
    public Datastore ToDatastore(DatastoreKind kind) => new()
    {
        Key = "db",
        Kind = kind,
        Connection = "env:LETHE_TEST_OWNERSHIP",
        Collections = Tables.Select(t => new Collection
        {
            Name = t.Name,
            Key = t.Key is null or "id" ? null : t.Key,
            Is = t.Is,
            BelongsTo = t.BelongsTo,
            Mentions = t.Mentions.Select(m => new Mention { Field = m.Field, Fields = m.Fields }).ToList(),
            When = t.When.Select(w => new RowCondition { Field = w.Field, EqualsValue = w.EqualsValue, In = w.In, NotIn = w.NotIn, IsNull = w.IsNull }).ToList(),
            Fields = t.Columns.Select(c => new Field
            {
                Name = c.Name,
                Category = c.Category,
                Identifies = c.Identifies,
                ReferencesText = c.References,
                Owns = c.Owns,
                Disclose = c.Disclose,
                Erasure = c.Erasure,
                Replacement = c.Replacement,
            }).ToList(),
        }).ToList(),
    };

}
