using Lethe.DataMap;
using Microsoft.Extensions.Configuration;

namespace Lethe.Connectors;

/// <summary>
/// Resolves a datastore's references (connection, secret, files directory) to their values, from the environment or
/// configuration, or (<c>data:</c>) to SQLite files and folders in Lethe's data directory.
/// </summary>
public sealed class DatastoreConnections(IConfiguration? configuration, string? dataDirectory = null)
{
    private readonly Lazy<HttpClient> _webhooks = new(() => OutboundGuard.CreateClient(
        string.Equals(configuration?["Lethe:Webhooks:AllowPrivateNetworks"], "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("LETHE_WEBHOOKS_ALLOW_PRIVATE"), "true", StringComparison.OrdinalIgnoreCase),
        TimeSpan.FromSeconds(30)));

    /// <summary>Lethe's public address, for callback URLs (<c>Lethe:PublicUrl</c> or LETHE_PUBLIC_URL); without it, webhook systems must answer at once.</summary>
    public string? PublicUrl => Common.PublicAddress.ConfiguredIn(configuration);

    /// <summary>The connector for webhook datastores, guarded against private addresses unless allowed.</summary>
    public WebhookConnector Webhooks => new(_webhooks.Value);

    /// <exception cref="DatastoreProblem">The reference is missing or names nothing set.</exception>
    public string Require(string? reference, string what, string datastore) =>
        ConnectionReference.Resolve(reference, configuration, out var problem, dataDirectory) ?? throw new DatastoreProblem($"{datastore}: no {what}: {problem}");

    public string? Optional(string? reference) => reference is null ? null : ConnectionReference.Resolve(reference, configuration, out _, dataDirectory);

    /// <summary>The connection string of a postgres or sqlite datastore; a <c>data:</c> file is a SQLite database.</summary>
    public string ConnectionString(string? reference, string datastore)
    {
        var value = Require(reference, "connection", datastore);
        return reference?.StartsWith("data:", StringComparison.Ordinal) == true
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = value, ForeignKeys = true, Pooling = false }.ConnectionString
            : value;
    }

    /// <summary>The connector for a postgres or sqlite datastore.</summary>
    public SqlConnector Sql(Manifest manifest, string name, Datastore store) =>
        new(manifest, name, store, ConnectionString(store.Connection, name), Optional(store.Files));
}
