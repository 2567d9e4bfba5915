using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>A column of the same datastore, <c>collection.field</c>: what a field's <c>references</c> points to (e.g. <c>customers.id</c>).</summary>
public readonly record struct ColumnRef
{
    public ColumnRef(string collection, string field)
    {
        Collection = DottedPath.Part(collection, nameof(collection));
        Field = DottedPath.Part(field, nameof(field));
    }

    public string Collection { get; }

    public string Field { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out ColumnRef reference)
    {
        var parts = DottedPath.Split(text, 2);
        reference = parts is null ? default : new ColumnRef(parts[0], parts[1]);
        return parts is not null;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not <c>collection.field</c>.</exception>
    public static ColumnRef Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not a column written collection.field.");

    public override string ToString() => $"{Collection}.{Field}";
}
