using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Samples;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Tests.Support;

/// <summary>A sample's demo datastore, built fresh for one test: a SQLite file, or a schema of its own on the test server.</summary>
public sealed record DemoStore(string ConnectionString, string Directory, Manifest Manifest, string Name, Datastore Store, DatabaseProvider Provider)
{
    public DatastoreKind Kind => Provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres;

    public string FilesDirectory => Path.Combine(Directory, "files");

    /// <summary>What turns text into the demo's time columns in SQL: a cast on PostgreSQL, nothing on SQLite (ISO text).</summary>
    public string Timestamp => Provider == DatabaseProvider.Postgres ? "::timestamptz" : "";

    public SqlConnector Connector() => new(Manifest, Name, Store, ConnectionString, FilesDirectory);

    public static Manifest Sample(string sample) =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml")), sample).Manifest!;

    /// <summary>The instant the demo's generated history ends: rows are this many days and years old.</summary>
    public DateTimeOffset Now { get; init; }

    /// <param name="now">
    /// Where the demo's history ends: a test on a fake clock passes its start; one against a server on the real clock
    /// leaves it out.
    /// </param>
    public static async Task<DemoStore> BuildAsync(DatabaseProvider provider, string sample, string system, int people = 10, int seed = 1, DateTimeOffset? now = null)
    {
        var end = now ?? TimeProvider.System.GetUtcNow();
        var manifest = Sample(sample);
        var store = manifest.Systems.Single(s => s.Key == system).Datastores[0];
        var dir = Path.Combine(Path.GetTempPath(), "lethe-demo-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        string connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, $"{system}.db"), Pooling = false, ForeignKeys = true }.ConnectionString;
        }
        else
        {
            connectionString = (await TestDatastores.NewPostgresSchemaAsync(system)).ConnectionString;
        }

        await using var connection = LiveSchema.Connect(provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres, connectionString);
        await connection.OpenAsync();
        (await DemoDatastore.BuildAsync(connection, store, people, seed, Path.Combine(dir, "files"), end, default)).ShouldBeGreaterThan(people);
        return new DemoStore(connectionString, dir, manifest, $"{system}.{store.Key}", store, provider) { Now = end };
    }

    public Task<List<object?[]>> QueryAsync(string sql) => TestDatastores.QueryAsync(Kind, ConnectionString, sql);

    /// <summary>
    /// Dates the even invoices long past any bookkeeping period and the odd ones ten days ago, so what retention may
    /// delete is known exactly; returns how many are past.
    /// </summary>
    public async Task<long> AgeEveryOtherInvoiceAsync()
    {
        await ExecuteAsync($"UPDATE invoices SET invoice_date = (CASE WHEN id % 2 = 0 THEN '2015-03-01 10:00:00' ELSE '{Now.UtcDateTime.AddDays(-10).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}' END){Timestamp}");
        return Convert.ToInt64((await QueryAsync("SELECT count(*) FROM invoices WHERE id % 2 = 0")).Single()[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task ExecuteAsync(string sql) => TestDatastores.ExecuteAsync(Kind, ConnectionString, sql);
}
