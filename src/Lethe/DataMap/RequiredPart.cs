using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>
/// What a legal hold requires kept, within the anchor's datastore: a whole collection (<c>invoices</c>) or one field of
/// it (<c>customers.name</c>). What a hold does not require is erased at once (Art. 5(1)(c)).
/// </summary>
public readonly record struct RequiredPart
{
    public RequiredPart(string collection, string? field = null)
    {
        Collection = DottedPath.Part(collection, nameof(collection));
        Field = field is null ? null : DottedPath.Part(field, nameof(field));
    }

    public string Collection { get; }

    /// <summary>The one field kept, or null when the collection's rows are kept whole.</summary>
    public string? Field { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out RequiredPart part)
    {
        if (DottedPath.Split(text, 1) is [var collection])
        {
            part = new RequiredPart(collection);
            return true;
        }

        var parts = DottedPath.Split(text, 2);
        part = parts is null ? default : new RequiredPart(parts[0], parts[1]);
        return parts is not null;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is neither <c>collection</c> nor <c>collection.field</c>.</exception>
    public static RequiredPart Parse(string text) =>
        TryParse(text, out var part) ? part : throw new FormatException($"'{text}' is neither a collection nor a collection.field.");

    public override string ToString() => Field is null ? Collection : $"{Collection}.{Field}";
}
