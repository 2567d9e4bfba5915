using System.Globalization;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Scanning;

/// <summary>
/// A tenant whose data map describes part of a support database the test makes itself: customers (e-mail described
/// as such, a remark column not described), tickets (the body described as free text), notes (a table the data map
/// does not name) and products (no personal data). E-mail addresses are planted at known rows.
/// </summary>
public sealed record ScanFixture(TestDatabase Db, Tenant Tenant, DatastoreKind Kind, string ConnectionString)
{
    /// <summary>Rows of tickets, enough that every provider reads the table in more than one batch.</summary>
    public const int Tickets = 25_000;

    /// <summary>Ticket ids whose body holds an address: every 1,000th, and one near the end.</summary>
    public static readonly IReadOnlyList<long> TicketsPlanted = [.. Enumerable.Range(1, 24).Select(i => (long)i * 1000), 24_999];

    public static readonly IReadOnlyList<long> NotesPlanted = [5, 9];

    public static readonly long RemarkPlanted = 2;

    public const int Customers = 20;

    public static string TicketAddress(long id) => $"kunde.{id}@firma-eksempel.dk";

    public static string NoteAddress(long id) => $"note.{id}@firma-eksempel.dk";

    public static string RemarkAddress => "privat.adresse@firma-eksempel.dk";

    public static string CustomerAddress(long id) => $"customer.{id}@shop-eksempel.dk";

    /// <summary>Every address planted anywhere: none may appear in Lethe's own store, its answers or its logs.</summary>
    public static IEnumerable<string> Planted =>
        TicketsPlanted.Select(TicketAddress).Concat(NotesPlanted.Select(NoteAddress)).Append(RemarkAddress)
            .Concat(Enumerable.Range(1, Customers).Select(i => CustomerAddress(i)));

    /// <param name="db">Lethe's database, when a server runs on it already; a new one otherwise.</param>
    public static async Task<ScanFixture> CreateAsync(DatabaseProvider provider, TestDatabase? db = null)
    {
        db ??= await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        DatastoreKind kind;
        string connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            (connectionString, _) = await TestDatastores.NewPostgresSchemaAsync("scan");
            kind = DatastoreKind.Postgres;
        }
        else
        {
            var directory = Directory.CreateTempSubdirectory("lethe-scan-");
            connectionString = $"Data Source={Path.Combine(directory.FullName, "support.db")}";
            kind = DatastoreKind.Sqlite;
        }

        var f = new ScanFixture(db, tenant, kind, connectionString);
        await f.BuildAsync(provider == DatabaseProvider.Postgres);
        var variable = "LETHE_TEST_SCAN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, connectionString);
        await using var scope = db.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, Manifest(kind, variable), "manifest.yaml", default);
        imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        return f;
    }

    private async Task BuildAsync(bool postgres)
    {
        var serial = postgres ? "bigint PRIMARY KEY" : "INTEGER PRIMARY KEY";
        await ExecuteAsync($"""
            CREATE TABLE customers (id {serial}, name text, email text, remark text, created_at text);
            CREATE TABLE tickets (id {serial}, customer_id bigint, subject text, body text, created_at text);
            CREATE TABLE notes (note_id {serial}, author text, content text);
            CREATE TABLE products (sku text PRIMARY KEY, title text, description text, price integer);
            """);
        // Rows from a series, built by the database itself: 25,000 inserts one by one would take longer than the scan.
        var series = postgres ? "SELECT g AS n FROM generate_series(1, 25000) g" : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 25000) SELECT n FROM s";
        await ExecuteAsync($"""
            INSERT INTO tickets (id, customer_id, subject, body, created_at)
            SELECT n, 1 + n % 20, 'Order ' || n, 'The parcel for order ' || (100000 + n) || ' arrived late on 2026-11-' || (10 + n % 18) || '; please refund the shipping.', '2026-11-01'
            FROM ({series}) numbers;
            """);
        foreach (var id in TicketsPlanted)
        {
            await ExecuteAsync($"UPDATE tickets SET body = 'Please write to {TicketAddress(id)} about the refund, not the old address.' WHERE id = {id}");
        }

        for (var i = 1; i <= Customers; i++)
        {
            await ExecuteAsync($"INSERT INTO customers (id, name, email, remark, created_at) VALUES ({i}, 'Customer {i}', '{CustomerAddress(i)}', {(i == RemarkPlanted ? $"'Also reachable at {RemarkAddress}'" : "'Prefers phone calls'")}, '2026-01-01')");
        }

        for (var i = 1; i <= 12; i++)
        {
            var content = NotesPlanted.Contains(i) ? $"Forwarded from {NoteAddress(i)} by the front desk" : $"Checked the stock of item {i}";
            await ExecuteAsync($"INSERT INTO notes (note_id, author, content) VALUES ({i}, 'desk', '{content}')");
        }

        for (var i = 1; i <= 30; i++)
        {
            await ExecuteAsync($"INSERT INTO products (sku, title, description, price) VALUES ('SKU-{i:D4}', 'Widget {i}', 'A widget of size {i} mm, order number {900000 + i}', {i * 10})");
        }

        if (postgres)
        {
            await ExecuteAsync("ANALYZE");
        }
    }

    public Task ExecuteAsync(string sql) => TestDatastores.ExecuteAsync(Kind, ConnectionString, sql);

    public Task<List<object?[]>> QueryAsync(string sql) => TestDatastores.QueryAsync(Kind, ConnectionString, sql);

    private static string Manifest(DatastoreKind kind, string variable) => $"""
        lethe: 1
        organization:
          name: Test ApS
          registrationNumber: "42497762"
          country: DK
          address: Vej 1, 8000 Aarhus C
          email: privacy@test.example
        subjectCategories:
          - key: customer
            name:
              en: Customers
        systems:
          - key: support
            name: Support desk
            datastores:
              - key: db
                kind: {kind.Name}
                connection: env:{variable}
                collections:
                  - name: customers
                    fields:
                      - name: id
                      - name: name
                        category: contact.name
                      - name: email
                        category: contact.email
                        identifies: email
                        erasure: hash
                      - name: created_at
                  - name: tickets
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
                      - name: body
                        category: communication.inquiry
                      - name: created_at
        activities:
          - key: support
            purpose:
              en: Answering customers
            legalBasis: contract
            subjects: [customer]
            categories: [contact.email, communication.inquiry]
            systems: [support]
            retention: customer_data
        retention:
          - key: customer_data
            maximum: P3Y
            anchor: support.db.customers.created_at
            action: delete
            description:
              en: Three years after sign-up

        """;

    public async Task<ScanReport> ScanAsync(ScanInput? input = null, IProgress<ScanProgress>? progress = null, CancellationToken ct = default)
    {
        var run = await StartAsync(input);
        await WorkAsync(run, progress, ct);
        return await ReportAsync(run);
    }

    public async Task<Guid> StartAsync(ScanInput? input = null)
    {
        await using var scope = Db.Scope();
        var started = await scope.ServiceProvider.GetRequiredService<ScanRunner>().StartAsync(Tenant, AuditActor.System, input ?? new ScanInput(), default);
        return (started.Value ?? throw new InvalidOperationException(started.Failure!.ToString())).Id;
    }

    public async Task<bool> WorkAsync(Guid run, IProgress<ScanProgress>? progress = null, CancellationToken ct = default)
    {
        await using var scope = Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<ScanRunner>().WorkAsync(run, progress, ct);
    }

    public async Task<ScanReport> ReportAsync(Guid run)
    {
        await using var scope = Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<ScanQueries>().FindAsync(Tenant, run, default))!;
    }

    public static string Keys(ScanFinding finding) => finding.ExampleKeys;

    public static IReadOnlyList<long> ExampleKeys(ScanFinding finding) =>
        System.Text.Json.JsonSerializer.Deserialize<List<string>>(finding.ExampleKeys)!.Select(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList();
}
