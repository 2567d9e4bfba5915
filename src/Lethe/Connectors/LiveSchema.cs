using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Connectors;

/// <summary>The tables and columns a connected database really has, read from its catalogue.</summary>
public sealed record LiveSchema(IReadOnlyDictionary<string, IReadOnlyList<LiveColumn>> Tables)
{
    public static async Task<LiveSchema> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = connection is NpgsqlConnection
            ? "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
            : "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid";
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var tables = new Dictionary<string, List<LiveColumn>>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
            {
                columns = [];
                tables[table] = columns;
            }

            columns.Add(new LiveColumn(reader.GetString(1), reader.GetString(2)));
        }

        return new LiveSchema(tables.ToDictionary(t => t.Key, t => (IReadOnlyList<LiveColumn>)t.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>How long a datastore's catalogue is trusted before it is read again: long enough that a burst of requests, or the rules of one retention run, read it once.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long ReadAt, LiveSchema Schema)> Cache = new(StringComparer.Ordinal);

    /// <summary>The catalogue of the database <paramref name="connectionString"/> names, read at most once per <see cref="Lifetime"/>.</summary>
    public static async Task<LiveSchema> CachedAsync(DbConnection connection, string connectionString, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (Cache.TryGetValue(connectionString, out var cached) && now - cached.ReadAt < Lifetime.TotalMilliseconds)
        {
            return cached.Schema;
        }

        var schema = await ReadAsync(connection, cancellationToken);
        Cache[connectionString] = (now, schema);
        return schema;
    }

    /// <summary>An open connection to a datastore of the data map, or a <see cref="DatastoreProblem"/> that never quotes the connection string.</summary>
    public static async Task<DbConnection> OpenAsync(DataMap.Datastore store, string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection;
        try
        {
            connection = Connect(store.Kind, connectionString);
        }
        catch (ArgumentException)
        {
            // The driver's message may quote the connection string, password and all.
            throw new DatastoreProblem($"the connection string in {store.Connection} is not a valid {store.Kind} connection string");
        }

        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A connection for the datastore. A SQLite connection string (<c>Data Source=…</c>) may stand in for a postgres
    /// datastore, as the demo databases do; otherwise the manifest's kind decides.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is not valid for the driver.</exception>
    public static DbConnection Connect(DataMap.DatastoreKind kind, string connectionString) =>
        IsSqlite(kind, connectionString) ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);

    /// <summary>Whether <see cref="Connect"/> opens SQLite for this datastore.</summary>
    public static bool IsSqlite(DataMap.DatastoreKind kind, string connectionString) =>
        kind == DataMap.DatastoreKind.Sqlite || connectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A column as the database declares it.</summary>
public sealed record LiveColumn(string Name, string Type);
