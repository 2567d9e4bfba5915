using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Lethe.Tests.Ownership;

/// <summary>A datastore made for one test from SQL and a data map: a SQLite file, or a schema of its own on the test server.</summary>
public sealed record ScratchStore(string ConnectionString, DatabaseProvider Provider, Manifest Manifest, Datastore Store)
{
    public DatastoreKind Kind => Provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres;

    /// <summary>The Danish bookkeeping act over <c>app.db.invoices.invoice_date</c>, keeping what <paramref name="requires"/> lists.</summary>
    public static string Bookkeeping(string requires) => $"""
        retention:
          - key: bookkeeping
            minimum: P5Y
            anchor: app.db.invoices.invoice_date
            countFrom: financial-year-end
            action: delete
            requires: {requires}
            legalReference: Bogføringsloven § 10
            description:
              en: Invoices are kept five years from the end of the financial year.
        """;

    public SqlConnector Connector() => new(Manifest, "app.db", Store, ConnectionString);

    /// <param name="sql">Statements separated by <c>;</c> and a line break, the same for both databases.</param>
    /// <param name="collections">The data map's <c>collections:</c> list, indented by two spaces, and any <c>retention:</c> after a line <c>---retention</c>.</param>
    public static async Task<ScratchStore> CreateAsync(DatabaseProvider provider, string sql, string collections, string retention = "")
    {
        var yaml = $"""
            lethe: 2
            organization:
              name: Test ApS
              registrationNumber: "42497762"
              country: DK
              address: Vej 1, 8000 Aarhus C
              email: privacy@test.example
            subjectCategories:
              - key: person
                name:
                  en: People
            systems:
              - key: app
                name: App
                datastores:
                  - key: db
                    kind: {(provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres")}
                    connection: env:LETHE_TEST_SCRATCH
                    collections:
            {Indent(collections, 10)}
            activities:
              - key: service
                purpose:
                  en: Service
                legalBasis: contract
                subjects: [person]
                categories: [contact.email]
                systems: [app]
            {retention}
            """;
        var read = ManifestReader.Read(yaml, "scratch.yaml");
        read.Errors.ShouldBeEmpty(string.Join("\n", read.Errors));
        var manifest = read.Manifest!;

        string connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"lethe-scratch-{Guid.NewGuid():N}.db");
            connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString;
        }
        else
        {
            connectionString = (await TestDatastores.NewPostgresSchemaAsync("scratch")).ConnectionString;
        }

        var store = new ScratchStore(connectionString, provider, manifest, manifest.Systems[0].Datastores[0]);
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await store.ExecuteAsync(statement);
        }

        return store;
    }

    public Task ExecuteAsync(string sql) => TestDatastores.ExecuteAsync(Kind, ConnectionString, sql);

    public Task<List<object?[]>> QueryAsync(string sql) => TestDatastores.QueryAsync(Kind, ConnectionString, sql);

    /// <summary>The rows (<c>table:key</c>) that <paramref name="act"/> changed, added or removed, by checksum, whatever the engine says it did.</summary>
    public async Task<List<string>> ChangedByAsync(Func<Task> act)
    {
        var before = await ChecksumsAsync();
        await act();
        var after = await ChecksumsAsync();
        return before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A checksum of every row of every table, by <c>table:first column</c>: what changed, whatever the engine says it did.</summary>
    public async Task<Dictionary<string, string>> ChecksumsAsync()
    {
        var tables = Provider == DatabaseProvider.Sqlite
            ? (await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).Select(r => (string)r[0]!).ToList()
            : (await QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name")).Select(r => (string)r[0]!).ToList();
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var row in await QueryAsync($"SELECT * FROM \"{table}\""))
            {
                var text = string.Join("\u001f", row.Select(v => v switch
                {
                    null => "∅",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString(),
                }));
                sums[$"{table}:{Convert.ToString(row[0], CultureInfo.InvariantCulture)}"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            }
        }

        return sums;
    }

    private static string Indent(string text, int spaces)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var margin = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Trim().Length == 0 ? "" : new string(' ', spaces) + l[margin..]));
    }
}
