using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>A datastore named as the data map names it, <c>system.datastore</c> (e.g. <c>crm.db</c>).</summary>
public readonly record struct DatastoreRef
{
    public DatastoreRef(string system, string datastore)
    {
        System = DottedPath.Part(system, nameof(system));
        Datastore = DottedPath.Part(datastore, nameof(datastore));
    }

    /// <summary>The system's key.</summary>
    public string System { get; }

    /// <summary>The datastore's key within its system.</summary>
    public string Datastore { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out DatastoreRef reference)
    {
        var parts = DottedPath.Split(text, 2);
        reference = parts is null ? default : new DatastoreRef(parts[0], parts[1]);
        return parts is not null;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not <c>system.datastore</c>.</exception>
    public static DatastoreRef Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not a datastore written system.datastore.");

    /// <summary>The collection <paramref name="name"/> of this datastore.</summary>
    public CollectionRef Collection(string name) => new(this, name);

    public override string ToString() => $"{System}.{Datastore}";
}
