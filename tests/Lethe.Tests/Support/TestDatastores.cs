using Lethe.Connectors;
using Lethe.DataMap;
using Npgsql;

namespace Lethe.Tests.Support;

/// <summary>The plain SQL a test runs against a datastore it made itself: a schema of its own on the test server, queries, statements.</summary>
public static class TestDatastores
{
    /// <summary>A fresh schema on the test server and a connection string whose search path is it.</summary>
    public static async Task<(string ConnectionString, string Schema)> NewPostgresSchemaAsync(string prefix)
    {
        var schema = $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        return (new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer()) { SearchPath = schema }.ConnectionString, schema);
    }

    /// <summary>Runs hand-written SQL; each value as the driver returns it, null for NULL.</summary>
    public static async Task<List<object?[]>> QueryAsync(DatastoreKind kind, string connectionString, string sql)
    {
        await using var connection = LiveSchema.Connect(kind, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static async Task ExecuteAsync(DatastoreKind kind, string connectionString, string sql)
    {
        await using var connection = LiveSchema.Connect(kind, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
