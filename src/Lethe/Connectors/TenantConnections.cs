using System.Data.Common;
using Lethe.DataMap;
using Microsoft.Data.Sqlite;

namespace Lethe.Connectors;

/// <summary>One tenant's datastore references resolved under the boundary, and its datastores opened under the own-store guard.</summary>
public sealed class TenantConnections
{
    private readonly DatastoreConnections _connections;
    private readonly OwnStore? _own;
    private readonly string? _tenantSlug;
    private readonly Func<string, string?> _secret;

    internal TenantConnections(DatastoreConnections connections, OwnStore? own, string? tenantSlug, Func<string, string?> secret)
    {
        _connections = connections;
        _own = own;
        _tenantSlug = tenantSlug;
        _secret = secret;
    }

    /// <exception cref="DatastoreProblem">The reference is missing, refused, or names nothing set.</exception>
    public string Require(string? reference, string what, string datastore) =>
        _connections.Resolve(_tenantSlug, _secret, reference, out var problem) ?? throw new DatastoreProblem(DatastoreMessages.Unresolved(datastore, what, problem));

    /// <summary>The directory a datastore's file fields are relative to; null when it names none.</summary>
    /// <exception cref="DatastoreProblem">The reference is refused, names nothing set, or a directory Lethe keeps its own files in.</exception>
    public string? FilesRoot(string? reference, string datastore)
    {
        if (reference is null)
        {
            return null;
        }

        var directory = Require(reference, "files directory", datastore);
        return _connections.Boundary.RefusesFiles(_tenantSlug, reference, directory) is { } refusal
            ? throw new DatastoreProblem($"{datastore}: Lethe refuses this files directory: {refusal}")
            : directory;
    }

    /// <summary>The connection string of a postgres or sqlite datastore; a <c>data:</c> file is a SQLite database that must exist.</summary>
    public string ConnectionString(string? reference, string datastore)
    {
        var value = Require(reference, "connection", datastore);
        switch (DatastoreReference.Parse(reference)?.Kind)
        {
            case ReferenceKind.DataFile:
                // Opening a file that is not there would create an empty database and report a person as having no data.
                return File.Exists(value)
                    ? new SqliteConnectionStringBuilder { DataSource = value, ForeignKeys = true, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ConnectionString
                    : throw new DatastoreProblem(DatastoreMessages.NoFile(datastore, reference));
            case ReferenceKind.Secret when DatastoreBoundary.RefusesTenantConnection(value) is { } refusal:
                throw new DatastoreProblem($"{datastore}: Lethe refuses the connection in {reference}: {refusal}");
            default:
                return value;
        }
    }

    /// <summary>The connector for a postgres or sqlite datastore.</summary>
    public SqlConnector Sql(Manifest manifest, string name, Datastore store) =>
        new(manifest, name, store, ConnectionString(store.Connection, name), FilesRoot(store.Files, name), this);

    /// <summary>
    /// An open connection to the datastore, refused when it reaches Lethe's own store whatever the reference said: a SQLite
    /// file is checked before it opens (opening may create it) and never created; PostgreSQL by its identity once open.
    /// </summary>
    /// <exception cref="DatastoreProblem">The connection cannot be made or reaches Lethe's own store.</exception>
    public async Task<DbConnection> OpenAsync(Datastore store, string datastore, string connectionString, CancellationToken cancellationToken)
    {
        if (LiveSchema.IsSqlite(store.Kind, connectionString))
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException)
            {
                throw new DatastoreProblem($"the connection string in {store.Connection} is not a valid sqlite connection string");
            }

            if (_own?.RefusesSqlite(connectionString, _tenantSlug) is { } refusal)
            {
                throw new DatastoreProblem($"{datastore}: Lethe refuses this connection: {refusal}");
            }

            if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
            {
                builder.Mode = SqliteOpenMode.ReadWrite;
                connectionString = builder.ConnectionString;
            }
        }

        var connection = await LiveSchema.OpenAsync(store, connectionString, cancellationToken);
        try
        {
            if (_own is not null)
            {
                await _own.GuardAsync(connection, datastore, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
