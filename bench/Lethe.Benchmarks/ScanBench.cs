using System.Diagnostics;
using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>scan --connection CS [--rows N]</c>: a generated support-ticket table of <c>rows</c> rows with a free-text body
/// (about 200 characters), one row in a thousand holding a planted number: a CPR number, a card number or a
/// fødselsnummer in turn, written as people write them. The raw read is <c>COPY (SELECT id, body …) TO STDOUT</c>
/// drained by the client; Lethe's is a scan as <c>lethe scan</c> runs it, with every detector, checkpoints and all, in
/// the same process and run. Every planted number must be found, each by its own detector.
/// </summary>
internal static class ScanBench
{
    private const string Schema = "bench_scan";
    private const string Variable = "LETHE_BENCH_SCAN_DS";

    public static async Task<int> RunAsync(string[] args)
    {
        string? server = Environment.GetEnvironmentVariable("LETHE_BENCH_POSTGRES");
        long rows = 5_000_000;
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection" when i + 1 < args.Length: server = args[++i]; break;
                case "--rows" when i + 1 < args.Length && long.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r >= 1000: rows = r; i++; break;
                case "--reuse": reuse = true; break;
                default:
                    Console.Error.WriteLine("usage: Lethe.Benchmarks scan --connection <PostgreSQL connection string> [--rows N] [--reuse]");
                    return 2;
            }
        }

        if (server is null)
        {
            Console.Error.WriteLine("usage: Lethe.Benchmarks scan --connection <PostgreSQL connection string> [--rows N] [--reuse]");
            return 2;
        }

        var datastore = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema, CommandTimeout = 0 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        long planted;
        // --reuse: while working on the scanner, the table a previous run generated with the same rows is read again.
        if (reuse && await CountAsync(datastore) == rows)
        {
            planted = rows / 1000;
            Console.WriteLine($"Reusing {rows:N0} tickets; {planted:N0} rows hold a number");
        }
        else
        {
            Console.WriteLine($"Generating {rows:N0} tickets …");
            planted = await GenerateAsync(datastore, rows);
            Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s; {planted:N0} rows hold a number");
        }

        var (rawSeconds, rawBytes) = await CopyAsync(datastore);

        Environment.SetEnvironmentVariable(Variable, datastore);
        var settings = new StorageSettings(DatabaseProvider.Postgres, await StoreAsync(server), Path.GetTempPath());
        // As an operator would allow it: the benchmark's own variable for its datastore, and no other.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lethe:Datastores:AllowedReferences:bench-scan"] = "env:" + Variable,
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddLetheCore(settings)
            .AddSingleton<IConfiguration>(configuration)
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), settings, default);
        }

        var tenant = await TenantAsync(services);
        // A first scan of a sample, so that start-up (JIT, the EF model) is not counted against Lethe.
        await ScanAsync(services, tenant, new ScanInput(Sample: 10_000));

        GC.Collect();
        ProcessMemory.ResetPeak();
        var letheClock = Stopwatch.StartNew();
        var report = await ScanAsync(services, tenant, new ScanInput());
        letheClock.Stop();
        var peak = ProcessMemory.Read("VmHWM");
        DetectorKind[] kinds = [DetectorKind.Cpr, DetectorKind.PaymentCard, DetectorKind.Fodselsnummer];
        var found = report.Findings.Where(f => f.Column == "body" && kinds.Contains(f.Kind)).Sum(f => f.Rows);
        foreach (var kind in kinds)
        {
            Console.WriteLine($"  {kind.ToWire()}: {report.Findings.Where(f => f.Column == "body" && f.Kind == kind).Sum(f => f.Rows):N0} rows");
        }

        if (found != planted || report.Rows != rows)
        {
            throw new InvalidOperationException($"planted {planted}, found {found}; read {report.Rows} of {rows} rows; {string.Join("; ", report.Tables.Select(t => t.Error))}");
        }

        var lethe = rows / letheClock.Elapsed.TotalSeconds;
        var raw = rows / rawSeconds;
        Console.WriteLine();
        Console.WriteLine("| table | raw `COPY … TO STDOUT` | Lethe scan | Lethe ÷ raw | Lethe peak RSS | found | targets |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows:N0} rows, {rawBytes / 1e6:N0} MB of text | {rawSeconds:F1} s, {raw:N0} rows/s, {rawBytes / 1e6 / rawSeconds:F0} MB/s | {letheClock.Elapsed.TotalSeconds:F1} s, {lethe:N0} rows/s, {report.Bytes / 1e6 / letheClock.Elapsed.TotalSeconds:F0} MB/s | {lethe / raw * 100:F0} % | {peak / 1024.0 / 1024.0:F0} MiB | {found:N0} of {planted:N0} | ≥ 50 %, < 200 MB, all |"));
        return 0;
    }

    private static async Task<long> GenerateAsync(string datastore, long rows)
    {
        var n = rows.ToString(CultureInfo.InvariantCulture);
        // Bodies of about 200 characters with order numbers, dates and amounts (numbers that are no one's); every
        // thousandth holds a number from a pool made here by the published rules, in turn a CPR number, a card number
        // and a fødselsnummer.
        var pool = PlantedNumbers.Pool(997);
        string[] statements =
        [
            $"DROP SCHEMA IF EXISTS {Schema} CASCADE", $"CREATE SCHEMA {Schema}",
            "CREATE TABLE planted (n int PRIMARY KEY, words text)",
            "INSERT INTO planted VALUES " + string.Join(", ", pool.Select((words, i) => $"({i}, '{words}')")),
            "CREATE TABLE tickets (id bigint PRIMARY KEY, subject text, body text)",
            $"INSERT INTO tickets SELECT g, 'Order ' || (1000000 + g), "
            + "'Hello, the parcel for order ' || (1000000 + g) || ' placed on 2026-' || lpad((1 + g % 12)::text, 2, '0') || '-' || lpad((1 + g % 28)::text, 2, '0') "
            + "|| ' arrived damaged. The invoice ' || (7000000 + g % 99991) || ' says ' || (g % 997) || '.00 DKK. Please send a new one or refund it. '"
            + "|| CASE WHEN g % 1000 = 0 THEN (SELECT words FROM planted WHERE planted.n = (g / 1000) % " + pool.Count + ") ELSE 'Kind regards, a customer.' END "
            + $"FROM generate_series(1::bigint, {n}) g",
            "DROP TABLE planted",
            "VACUUM ANALYZE tickets",
        ];
        await using var connection = new NpgsqlConnection(datastore);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return rows / 1000;
    }

    private static async Task<long?> CountAsync(string datastore)
    {
        await using var connection = new NpgsqlConnection(datastore);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{Schema}.tickets') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync() is not true)
        {
            return null;
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.tickets", connection);
        return await count.ExecuteScalarAsync() as long?;
    }

    /// <summary>The raw read: every id and body, in text format, drained to the end.</summary>
    private static async Task<(double Seconds, long Bytes)> CopyAsync(string datastore)
    {
        await using var connection = new NpgsqlConnection(datastore);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        using (var reader = await connection.BeginTextExportAsync("COPY (SELECT id, subject, body FROM tickets) TO STDOUT"))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length)) > 0)
            {
                bytes += read;
            }
        }

        return (clock.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<ScanReport> ScanAsync(IServiceProvider services, Tenant tenant, ScanInput input)
    {
        await using var scope = services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<ScanRunner>();
        var run = (await runner.StartAsync(tenant, AuditActor.System, input, default)).Value ?? throw new InvalidOperationException("no scan");
        if (!await runner.WorkAsync(run.Id, null, default))
        {
            throw new InvalidOperationException("the scan did not finish");
        }

        return (await scope.ServiceProvider.GetRequiredService<ScanQueries>().FindAsync(tenant, run.Id, default))!;
    }

    private static async Task<string> StoreAsync(string server)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS lethe_bench_scan_store WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE lethe_bench_scan_store", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = "lethe_bench_scan_store" }.ConnectionString;
    }

    private static async Task<Tenant> TenantAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TenantCommands>().CreateAsync(Access.Operator, AuditActor.System, new TenantInput
        {
            Slug = "bench-scan", Name = "Benchmark ApS", Country = "DK", RegistrationNumber = "42497762",
            Address = "Vestergade 1, 8000 Aarhus C", ContactEmail = "privacy@bench.example",
        }, default);
        var tenant = created.Value ?? throw new InvalidOperationException(created.Failure!.ToString());
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, $"""
            lethe: 1
            organization:
              name: Benchmark ApS
              registrationNumber: "42497762"
              country: DK
              address: Vestergade 1, 8000 Aarhus C
              email: privacy@bench.example
            subjectCategories:
              - key: customer
                name:
                  en: Customers
            systems:
              - key: support
                name: Support
                datastores:
                  - key: db
                    kind: postgres
                    connection: env:{Variable}
                    collections:
                      - name: tickets
                        fields:
                          - name: id
                          - name: body
                            category: communication.inquiry
            activities:
              - key: support
                purpose:
                  en: Support
                legalBasis: contract
                subjects: [customer]
                categories: [communication.inquiry]
                systems: [support]
            """, "bench.yaml", default);
        return imported.Succeeded ? tenant : throw new InvalidOperationException(imported.Failure!.ToString());
    }
}
