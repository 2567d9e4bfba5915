using System.Data.Common;
using System.Globalization;
using System.Text;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Tests.Ownership;

/// <summary>The public sample databases under Ownership/Datasets, schemas nobody on the team designed.</summary>
public enum RealSchema
{
    Chinook,
    Northwind,
}

/// <summary>
/// Builds a fresh Chinook or Northwind database for one test, from the scripts in Ownership/Datasets (see the README
/// there): a SQLite file of its own, or a schema of its own on the test PostgreSQL server. Both spell tables and columns
/// the same way, so one data map serves both.
/// </summary>
public static class RealSchemas
{
    public static string DatasetsDirectory() => Path.Combine(ManifestFiles.RepositoryRoot(), "tests", "Lethe.Tests", "Ownership", "Datasets");

    /// <summary>The data map a privacy officer of the company would write (chinook.yaml, northwind.yaml), read and valid.</summary>
    public static Manifest DataMap(RealSchema schema)
    {
        var file = $"{Name(schema)}.yaml";
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(DatasetsDirectory(), file)), file);
        read.Manifest.ShouldNotBeNull(string.Join(Environment.NewLine, read.Errors.Select(e => e.ToString())));
        return read.Manifest;
    }

    /// <summary>Every table of the schema with its primary key columns, written down by hand from the scripts.</summary>
    public static IReadOnlyDictionary<string, string[]> Tables(RealSchema schema) => schema switch
    {
        RealSchema.Chinook => ChinookTables,
        RealSchema.Northwind => NorthwindTables,
        _ => throw new ArgumentOutOfRangeException(nameof(schema)),
    };

    public static async Task<RealDatabase> CreateAsync(RealSchema schema, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var template = await SqliteTemplates[schema].Value;
            var file = Path.Combine(Path.GetTempPath(), $"lethe-{Name(schema)}-{Guid.NewGuid():N}.db");
            File.Copy(template, file);
            return new RealDatabase(schema, provider, SqliteConnectionString(file), file);
        }

        var name = $"{Name(schema)}_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var admin = new NpgsqlConnection(TestDatabase.PostgresServer()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer()) { SearchPath = name }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, schema == RealSchema.Chinook ? ChinookPostgres.Value : Read("northwind", "northwind.sql"));
        if (schema == RealSchema.Chinook)
        {
            await PascalCaseAsync(connection);
        }

        await transaction.CommitAsync();
        return new RealDatabase(schema, provider, connectionString, name);
    }

    private static string Name(RealSchema schema) => schema.ToString().ToLowerInvariant();

    private static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, ForeignKeys = true }.ConnectionString;

    private static string Read(string dataset, string file) => File.ReadAllText(Path.Combine(DatasetsDirectory(), dataset, file), Encoding.UTF8);

    // Each SQLite database is loaded once per test run and copied for every test: copying a file is faster than
    // executing the script again, and every test still gets a database of its own.
    private static readonly Dictionary<RealSchema, Lazy<Task<string>>> SqliteTemplates = new()
    {
        [RealSchema.Chinook] = new(() => SqliteTemplateAsync(RealSchema.Chinook)),
        [RealSchema.Northwind] = new(() => SqliteTemplateAsync(RealSchema.Northwind)),
    };

    private static async Task<string> SqliteTemplateAsync(RealSchema schema)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lethe-{Name(schema)}-template-{Guid.NewGuid():N}.db");
        var script = schema == RealSchema.Chinook ? Read("chinook", "Chinook_Sqlite.sql") : NorthwindForSqlite.Convert(Read("northwind", "northwind.sql"));
        await using var connection = new SqliteConnection(SqliteConnectionString(file));
        await connection.OpenAsync();
        // Northwind inserts an employee before the manager it reports to; the keys are checked at commit instead.
        await ExecuteAsync(connection, "PRAGMA defer_foreign_keys = ON; BEGIN; " + script + "; COMMIT;");
        return file;
    }

    /// <summary>
    /// The vendor's PostgreSQL script without the lines that drop, create and switch to a database of its own: the test
    /// gets a schema instead.
    /// </summary>
    private static readonly Lazy<string> ChinookPostgres = new(() => string.Join('\n', Read("chinook", "Chinook_PostgreSql.sql").Split('\n')
        .Where(line => !line.StartsWith("DROP DATABASE", StringComparison.Ordinal) && !line.StartsWith("CREATE DATABASE", StringComparison.Ordinal)
            && !line.StartsWith("\\c ", StringComparison.Ordinal))));

    /// <summary>
    /// Chinook 1.4.5's PostgreSQL script names tables and columns in snake_case (invoice_line.invoice_id), its SQLite
    /// script in PascalCase (InvoiceLine.InvoiceId). One data map must spell them as both live databases do, so the
    /// PostgreSQL names are renamed to the SQLite ones, which PostgreSQL then keeps only when quoted.
    /// </summary>
    private static async Task PascalCaseAsync(NpgsqlConnection connection)
    {
        var columns = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var sql = new StringBuilder();
        foreach (var (table, column) in columns)
        {
            sql.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {table} RENAME COLUMN {column} TO \"{Pascal(column)}\";\n");
        }

        foreach (var table in columns.Select(c => c.Table).Distinct())
        {
            sql.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {table} RENAME TO \"{Pascal(table)}\";\n");
        }

        await ExecuteAsync(connection, sql.ToString());
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync();
    }

    private static readonly Dictionary<string, string[]> ChinookTables = new(StringComparer.Ordinal)
    {
        ["Album"] = ["AlbumId"],
        ["Artist"] = ["ArtistId"],
        ["Customer"] = ["CustomerId"],
        ["Employee"] = ["EmployeeId"],
        ["Genre"] = ["GenreId"],
        ["Invoice"] = ["InvoiceId"],
        ["InvoiceLine"] = ["InvoiceLineId"],
        ["MediaType"] = ["MediaTypeId"],
        ["Playlist"] = ["PlaylistId"],
        ["PlaylistTrack"] = ["PlaylistId", "TrackId"],
        ["Track"] = ["TrackId"],
    };

    private static readonly Dictionary<string, string[]> NorthwindTables = new(StringComparer.Ordinal)
    {
        ["categories"] = ["category_id"],
        ["customer_customer_demo"] = ["customer_id", "customer_type_id"],
        ["customer_demographics"] = ["customer_type_id"],
        ["customers"] = ["customer_id"],
        ["employee_territories"] = ["employee_id", "territory_id"],
        ["employees"] = ["employee_id"],
        ["order_details"] = ["order_id", "product_id"],
        ["orders"] = ["order_id"],
        ["products"] = ["product_id"],
        ["region"] = ["region_id"],
        ["shippers"] = ["shipper_id"],
        ["suppliers"] = ["supplier_id"],
        ["territories"] = ["territory_id"],
        ["us_states"] = ["state_id"],
    };
}
