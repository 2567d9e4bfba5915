using System.Diagnostics;
using System.Globalization;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>
/// Retention over a generated call log: per operation two identical tables of <c>rows</c> rows, half of them past a
/// 90-day period (the older half, as in real data). One table is cleared by one raw statement, the other by Lethe's
/// retention run in batches with a checkpoint after each, in the same process and the same run.
/// </summary>
internal sealed class RetentionBench(string server, long rows, RetentionOptions options)
{
    public const string Schema = "bench_retention";

    private const string Variable = "LETHE_BENCH_RETENTION_DS";

    private string Datastore { get; } = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema, CommandTimeout = 0 }.ConnectionString;

    public sealed record Result(
        string Operation, long Due, double LetheSeconds, double RawSeconds, double LongestBatch, int Batches, long PeakRss, long Changed, double InBatches, int SmallestSize, int LargestSize,
        int EmptyBatches, double InEmptyBatches, string RawPlan);

    public async Task GenerateAsync()
    {
        var n = rows.ToString(CultureInfo.InvariantCulture);
        // One moment for every table, so each pair holds the very same rows.
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var statements = new List<string> { $"DROP SCHEMA IF EXISTS {Schema} CASCADE", $"CREATE SCHEMA {Schema}" };
        foreach (var table in new[] { "delete_raw", "delete_lethe", "anonymize_raw", "anonymize_lethe", "warmup_lethe" })
        {
            var count = table == "warmup_lethe" ? "20000" : n;
            statements.Add($"CREATE TABLE {table} (id bigint PRIMARY KEY, started_at timestamptz NOT NULL, caller text, callee text, seconds integer NOT NULL)");
            // Ids grow with time over 180 days: the older half is past the 90-day period.
            statements.Add($"INSERT INTO {table} SELECT g, timestamptz '{now}+00' - interval '180 days' + (g * interval '180 days') / {count}, '+45 ' || (20000000 + g), '+45 ' || (30000000 + g % 99991), g % 3600 FROM generate_series(1::bigint, {count}) g");
            statements.Add($"CREATE INDEX ON {table} (started_at)");
            statements.Add($"VACUUM ANALYZE {table}");
        }

        await using var connection = new NpgsqlConnection(Datastore);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<IReadOnlyList<Result>> RunAsync()
    {
        Environment.SetEnvironmentVariable(Variable, Datastore);
        var store = await LetheStoreAsync();
        var settings = new StorageSettings(DatabaseProvider.Postgres, store, Path.GetTempPath());
        // As an operator would allow it: the benchmark's own variable for its datastores, and no other.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{Lethe.Connectors.DatastoreBoundary.AllowedSection}:{Lethe.Connectors.DatastoreBoundary.EveryTenant}"] = "env:" + Variable,
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

        // A first run over a small table, so that start-up (JIT, the EF model) is not counted against either side.
        var warmup = await TenantAsync(services, "warmup", "delete");
        await using (var scope = services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<RetentionRunner>();
            await runner.WorkAsync((await runner.StartAsync(warmup, "benchmark", default))!.Id, null, default);
        }

        var results = new List<Result>();
        foreach (var (operation, action, raw) in new[]
        {
            ("delete", "delete", "DELETE FROM delete_raw WHERE started_at < @cutoff"),
            ("anonymize", "anonymize", "UPDATE anonymize_raw SET caller = 'Anonymized person', callee = NULL WHERE started_at < @cutoff"),
        })
        {
            var tenant = await TenantAsync(services, operation, action);
            // The same cutoff Lethe computes for today: rows that started before midnight 90 days ago.
            var cutoff = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-89).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var due = await ScalarAsync($"SELECT count(*) FROM {operation}_raw WHERE started_at < @cutoff", cutoff);

            var plan = await PlanAsync(raw, cutoff);
            var rawClock = Stopwatch.StartNew();
            var changed = await ExecuteAsync(raw, cutoff);
            rawClock.Stop();

            GC.Collect();
            ProcessMemory.ResetPeak();
            var batches = new BatchWatch();
            var letheClock = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                var runner = ActivatorUtilities.CreateInstance<RetentionRunner>(scope.ServiceProvider, Microsoft.Extensions.Options.Options.Create(options));
                var run = await runner.StartAsync(tenant, "benchmark", default) ?? throw new InvalidOperationException("no data map");
                if (!await runner.WorkAsync(run.Id, batches, default))
                {
                    throw new InvalidOperationException("the run did not finish");
                }
            }

            letheClock.Stop();
            var peak = ProcessMemory.Read("VmHWM");
            var left = await ScalarAsync($"SELECT count(*) FROM {operation}_lethe WHERE started_at < @cutoff{(action == "anonymize" ? " AND caller IS DISTINCT FROM 'Anonymized person'" : "")}", cutoff);
            if (left != 0 || changed != due || batches.Done != due)
            {
                throw new InvalidOperationException($"{operation}: {due} due, raw changed {changed}, Lethe changed {batches.Done} and left {left}{(batches.Error is null ? "" : $"; the rule failed: {batches.Error}")}");
            }

            results.Add(new Result(operation, due, letheClock.Elapsed.TotalSeconds, rawClock.Elapsed.TotalSeconds, batches.Longest, batches.Count, peak, batches.Done, batches.Total, batches.Smallest, batches.Largest, batches.Empty, batches.InEmpty, plan));
        }

        return results;
    }

    /// <summary>Lethe's own database, beside the datastore on the same server, made afresh.</summary>
    private async Task<string> LetheStoreAsync()
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS lethe_bench_store WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE lethe_bench_store", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = "lethe_bench_store" }.ConnectionString;
    }

    private static async Task<Tenant> TenantAsync(IServiceProvider services, string operation, string action)
    {
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TenantCommands>().CreateAsync(Access.Operator, AuditActor.System, new TenantInput
        {
            Slug = "bench-" + operation, Name = "Benchmark ApS", Country = "DK", RegistrationNumber = "42497762",
            Address = "Vestergade 1, 8000 Aarhus C", ContactEmail = "privacy@bench.example",
        }, default);
        var tenant = created.Value ?? throw new InvalidOperationException(created.Failure!.ToString());
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, Manifest(operation, action), "bench.yaml", default);
        return imported.Succeeded ? tenant : throw new InvalidOperationException(imported.Failure!.ToString());
    }

    private static string Manifest(string table, string action) => $"""
        lethe: 1
        organization:
          name: Benchmark ApS
          registrationNumber: "42497762"
          country: DK
          address: Vestergade 1, 8000 Aarhus C
          email: privacy@bench.example
        subjectCategories:
          - key: caller
            name:
              en: Callers
        systems:
          - key: telephony
            name: Telephony
            datastores:
              - key: db
                kind: postgres
                connection: env:{Variable}
                collections:
                  - name: {table}_lethe
                    fields:
                      - name: id
                      - name: started_at
                      - name: caller
                        category: contact.phone
                        identifies: phone
                        erasure: replace
                        replacement: Anonymized person
                      - name: callee
                        category: contact.phone
                        erasure: set-null
                      - name: seconds
        activities:
          - key: calls
            purpose:
              en: Telephony
            legalBasis: contract
            subjects: [caller]
            categories: [contact.phone]
            systems: [telephony]
            retention: call_log
        retention:
          - key: call_log
            maximum: P90D
            anchor: telephony.db.{table}_lethe.started_at
            action: {action}
            description:
              en: Call log, 90 days
        """;

    private async Task<long> ScalarAsync(string sql, DateTime cutoff)
    {
        await using var connection = new NpgsqlConnection(Datastore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("cutoff", cutoff);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How PostgreSQL means to run the raw statement: the plan's nodes, one line.</summary>
    private async Task<string> PlanAsync(string sql, DateTime cutoff)
    {
        await using var connection = new NpgsqlConnection(Datastore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        command.Parameters.AddWithValue("cutoff", cutoff);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0).Trim());
        }

        return string.Join(" / ", lines);
    }

    private async Task<long> ExecuteAsync(string sql, DateTime cutoff)
    {
        await using var connection = new NpgsqlConnection(Datastore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("cutoff", cutoff);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Counts batches and keeps the longest datastore transaction of any.</summary>
    private sealed class BatchWatch : IProgress<RuleProgress>
    {
        public double Longest { get; private set; }

        /// <summary>Seconds spent inside the batches' transactions, of the rule's whole time.</summary>
        public double Total { get; private set; }

        public int Count { get; private set; }

        public int Smallest { get; private set; } = int.MaxValue;

        public int Largest { get; private set; }

        public string? Error { get; private set; }

        /// <summary>Batches that changed no row (pages past the due rows), and the seconds they took.</summary>
        public int Empty { get; private set; }

        public double InEmpty { get; private set; }

        public long Done { get; private set; }

        public void Report(RuleProgress value)
        {
            if (value.Rule != "call_log")
            {
                return;
            }

            if (!value.Finished)
            {
                Count++;
                Longest = Math.Max(Longest, value.BatchSeconds);
                Total += value.BatchSeconds;
                Smallest = Math.Min(Smallest, value.BatchSize);
                Largest = Math.Max(Largest, value.BatchSize);
                if (value.Done == Done)
                {
                    Empty++;
                    InEmpty += value.BatchSeconds;
                }
            }

            Done = value.Done;
            Error ??= value.Error;
        }
    }
}
