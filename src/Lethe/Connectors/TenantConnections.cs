using System.Data.Common;
using Lethe.DataMap;

namespace Lethe.Connectors;

/// <summary>One tenant's datastore references resolved under the boundary, and its datastores opened under the own-store guard.</summary>
public sealed class TenantConnections
{
    private readonly DatastoreConnections _connections;
    private readonly OwnStore? _own;
    private readonly string? _tenantSlug;
    private readonly IReadOnlyDictionary<string, string> _secrets;

    internal TenantConnections(DatastoreConnections connections, OwnStore? own, string? tenantSlug, IReadOnlyDictionary<string, string> secrets)
    {
        _connections = connections;
        _own = own;
        _tenantSlug = tenantSlug;
        _secrets = secrets;
    }

    /// <exception cref="DatastoreProblem">The reference is missing, refused, or names nothing set.</exception>
    public string Require(string? reference, string what, string datastore) =>
        _connections.Resolve(_tenantSlug, _secrets, reference, out var problem) ?? throw new DatastoreProblem($"{datastore}: no {what}: {problem}");

    /// <summary>The value, or null when the reference is absent; a reference given but refused or unset is a problem, not an absence.</summary>
    /// <exception cref="DatastoreProblem">The reference is refused or names nothing set.</exception>
    public string? Optional(string? reference, string what, string datastore) => reference is null ? null : Require(reference, what, datastore);

    /// <summary>The connection string of a postgres or sqlite datastore; a <c>data:</c> file is a SQLite database that must exist.</summary>
    public string ConnectionString(string? reference, string datastore)
    {
        var value = Require(reference, "connection", datastore);
        if (DatastoreReference.Parse(reference)?.Kind != ReferenceKind.DataFile)
        {
            return value;
        }

        // Opening a file that is not there would create an empty database and report a person as having no data.
        return File.Exists(value)
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = value, ForeignKeys = true, Pooling = false, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite }.ConnectionString
            : throw new DatastoreProblem($"{datastore}: no connection: {reference} names no file in the tenant's folder");
    }

    /// <summary>The connector for a postgres or sqlite datastore.</summary>
    public SqlConnector Sql(Manifest manifest, string name, Datastore store) =>
        new(manifest, name, store, ConnectionString(store.Connection, name), Optional(store.Files, "files directory", name), _own);

    /// <summary>An open connection to the datastore, refused when it reaches Lethe's own store whatever the reference said.</summary>
    /// <exception cref="DatastoreProblem">The connection cannot be made or reaches Lethe's own store.</exception>
    public static async Task<DbConnection> OpenAsync(OwnStore? own, Datastore store, string datastore, string connectionString, CancellationToken cancellationToken)
    {
        var connection = await LiveSchema.OpenAsync(store, connectionString, cancellationToken);
        try
        {
            if (own is not null)
            {
                await own.GuardAsync(connection, datastore, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<DbConnection> OpenAsync(Datastore store, string datastore, string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(_own, store, datastore, connectionString, cancellationToken);
}
