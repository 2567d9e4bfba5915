using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>
/// A field named across the data map, <c>system.datastore.collection.field</c>: a retention rule's anchor (e.g.
/// <c>erp.db.invoices.invoice_date</c>).
/// </summary>
public readonly record struct FieldRef
{
    public FieldRef(CollectionRef collection, string name)
    {
        Collection = collection;
        Name = DottedPath.Part(name, nameof(name));
    }

    public CollectionRef Collection { get; }

    /// <summary>The field's (column's) name within its collection.</summary>
    public string Name { get; }

    public DatastoreRef Datastore => Collection.Datastore;

    public static bool TryParse([NotNullWhen(true)] string? text, out FieldRef reference)
    {
        var parts = DottedPath.Split(text, 4);
        reference = parts is null ? default : new FieldRef(new CollectionRef(new DatastoreRef(parts[0], parts[1]), parts[2]), parts[3]);
        return parts is not null;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not <c>system.datastore.collection.field</c>.</exception>
    public static FieldRef Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not a field written system.datastore.collection.field.");

    public override string ToString() => $"{Collection}.{Name}";
}
