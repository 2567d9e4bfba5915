namespace Lethe.Connectors;

/// <summary>Where a data map says a datastore's connection, secret or files directory is kept.</summary>
public enum ReferenceKind
{
    /// <summary><c>env:NAME</c>: an environment variable of Lethe's process, when the operator allows it for the tenant.</summary>
    Environment = 1,

    /// <summary><c>config:Section:Key</c>: a configuration key, when the operator allows it for the tenant.</summary>
    Configuration,

    /// <summary><c>data:PATH</c>: a file or folder in the tenant's own folder for datastore files.</summary>
    DataFile,

    /// <summary><c>secret:NAME</c>: a value the tenant gave Lethe to keep, encrypted, and never shows again.</summary>
    Secret,
}

/// <summary>A parsed reference: its kind and the name after the prefix.</summary>
public sealed record DatastoreReference(ReferenceKind Kind, string Name)
{
    public override string ToString() => Kind switch
    {
        ReferenceKind.Environment => "env:" + Name,
        ReferenceKind.Configuration => "config:" + Name,
        ReferenceKind.DataFile => "data:" + Name,
        _ => "secret:" + Name,
    };

    /// <returns>The reference, or null when the text is not one of the four forms.</returns>
    public static DatastoreReference? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var (prefix, kind) in Prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length)
            {
                return new DatastoreReference(kind, text[prefix.Length..]);
            }
        }

        return null;
    }

    private static readonly (string Prefix, ReferenceKind Kind)[] Prefixes =
    [
        ("env:", ReferenceKind.Environment),
        ("config:", ReferenceKind.Configuration),
        ("data:", ReferenceKind.DataFile),
        ("secret:", ReferenceKind.Secret),
    ];
}
