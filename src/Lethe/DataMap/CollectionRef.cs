using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>A collection named across the data map, <c>system.datastore.collection</c> (e.g. <c>erp.db.invoices</c>).</summary>
public readonly record struct CollectionRef
{
    public CollectionRef(DatastoreRef datastore, string name)
    {
        Datastore = datastore;
        Name = DottedPath.Part(name, nameof(name));
    }

    public DatastoreRef Datastore { get; }

    /// <summary>The collection's name within its datastore.</summary>
    public string Name { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out CollectionRef reference)
    {
        var parts = DottedPath.Split(text, 3);
        reference = parts is null ? default : new CollectionRef(new DatastoreRef(parts[0], parts[1]), parts[2]);
        return parts is not null;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not <c>system.datastore.collection</c>.</exception>
    public static CollectionRef Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not a collection written system.datastore.collection.");

    /// <summary>The field <paramref name="name"/> of this collection.</summary>
    public FieldRef Field(string name) => new(this, name);

    public override string ToString() => $"{Datastore}.{Name}";
}
