using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Tests.Ownership;

/// <summary>A scratch database for one generated store: a SQLite file, or a schema of its own on the test server. Dropped on dispose.</summary>
public sealed class OwnershipDatabase : IAsyncDisposable
{
    private readonly string? _schema;
    private readonly string? _file;

    private OwnershipDatabase(DatabaseProvider provider, string connectionString, DbConnection connection, string? schema, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Connection = connection;
        _schema = schema;
        _file = file;
    }

    public DatabaseProvider Provider { get; }

    public DatastoreKind Kind => Provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres;

    public string ConnectionString { get; }

    /// <summary>An open connection the oracle and the checksums use.</summary>
    public DbConnection Connection { get; }

    public static async Task<OwnershipDatabase> CreateAsync(DatabaseProvider provider, OwnershipMap map, IReadOnlyDictionary<string, List<object?[]>> rows)
    {
        OwnershipDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"lethe-ownership-{Guid.NewGuid():N}.db");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            database = new OwnershipDatabase(provider, connectionString, connection, null, file);
        }
        else
        {
            var schema = $"ownership_{Guid.NewGuid().ToString("N")[..12]}";
            var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer()) { SearchPath = schema }.ConnectionString;
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            database = new OwnershipDatabase(provider, connectionString, connection, schema, null);
            await database.ExecuteAsync($"CREATE SCHEMA {OwnershipMap.Quote(schema)}");
        }

        await using var transaction = await database.Connection.BeginTransactionAsync();
        foreach (var create in map.CreateStatements(provider == DatabaseProvider.Postgres))
        {
            await database.ExecuteAsync(create, transaction);
        }

        foreach (var table in map.Tables)
        {
            foreach (var chunk in rows[table.Name].Chunk(200))
            {
                await database.ExecuteAsync(
                    $"INSERT INTO {OwnershipMap.Quote(table.Name)} VALUES " + string.Join(", ", chunk.Select(r => "(" + string.Join(", ", r.Select(OwnershipMap.Literal)) + ")")),
                    transaction);
            }
        }

        await transaction.CommitAsync();
        return database;
    }

    public async Task ExecuteAsync(string sql, DbTransaction? transaction = null)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of every table, per collection and row key: each column's value as text, and a SHA-256 of them all.</summary>
    public async Task<Dictionary<string, Dictionary<string, RowSnapshot>>> SnapshotAsync(OwnershipMap map)
    {
        var snapshot = new Dictionary<string, Dictionary<string, RowSnapshot>>();
        foreach (var table in map.Tables)
        {
            var rows = snapshot[table.Name] = [];
            await using var command = Connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {OwnershipMap.Quote(table.Name)}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new Dictionary<string, string?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values[reader.GetName(i)] = IdentityMatch.Text(reader.GetValue(i));
                }

                var key = OwnershipOracle.RowKey(table, name => values[name]);
                rows.TryAdd(key, new RowSnapshot(values, RowSnapshot.Checksum(values)))
                    .ShouldBeTrue($"{table.Name}: two rows with key {key}");
            }
        }

        return snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_schema is not null)
        {
            await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {OwnershipMap.Quote(_schema)} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}

/// <summary>One row's values as text and their checksum.</summary>
public sealed record RowSnapshot(IReadOnlyDictionary<string, string?> Values, string Sha256)
{
    public static string Checksum(IReadOnlyDictionary<string, string?> values) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join("\u241E", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}\u241F{v.Value ?? "\u2205"}")))));

    /// <summary>The columns whose value differs in <paramref name="after"/>.</summary>
    public IEnumerable<string> ChangedIn(RowSnapshot after) =>
        Values.Keys.Where(k => Values[k] != after.Values.GetValueOrDefault(k));
}
