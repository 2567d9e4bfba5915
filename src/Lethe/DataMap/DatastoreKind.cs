using System.Diagnostics.CodeAnalysis;

namespace Lethe.DataMap;

/// <summary>
/// How Lethe reaches a datastore: through SQL (<c>postgres</c>, <c>sqlite</c>), by posting a signed job to a webhook,
/// or by a task for a named person (<c>manual</c>). The name is what the data map, the API and a request step's
/// <c>Connector</c> column hold; a value type rather than an enum so that text made from it can only be that name.
/// </summary>
public readonly record struct DatastoreKind
{
    private readonly string? _name;

    private DatastoreKind(string name) => _name = name;

    public static DatastoreKind Postgres { get; } = new("postgres");

    public static DatastoreKind Sqlite { get; } = new("sqlite");

    public static DatastoreKind Webhook { get; } = new("webhook");

    public static DatastoreKind Manual { get; } = new("manual");

    /// <summary>Every kind, in the order the data map's documentation lists them.</summary>
    public static IReadOnlyList<DatastoreKind> All { get; } = [Postgres, Sqlite, Webhook, Manual];

    /// <summary>The name as written; empty for <c>default</c>, the kind of a datastore whose kind was missing or unknown (an error already).</summary>
    public string Name => _name ?? "";

    /// <summary>Lethe reads and changes the rows itself, over a connection.</summary>
    public bool IsSql => this == Postgres || this == Sqlite;

    /// <summary>Lethe posts signed jobs and the datastore's owner answers; the property patterns read as a switch over kinds.</summary>
    public bool IsWebhook => this == Webhook;

    /// <summary>A person carries the task out by hand and closes it in the console.</summary>
    public bool IsManual => this == Manual;

    public static bool TryParse([NotNullWhen(true)] string? name, out DatastoreKind kind)
    {
        kind = All.FirstOrDefault(k => k._name == name);
        return kind._name is not null;
    }

    /// <exception cref="FormatException"><paramref name="name"/> is not one of the kinds (a stored step written by a newer version).</exception>
    public static DatastoreKind Parse(string name) =>
        TryParse(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a datastore kind; the kinds are {string.Join(", ", All)}.");

    public override string ToString() => Name;
}
