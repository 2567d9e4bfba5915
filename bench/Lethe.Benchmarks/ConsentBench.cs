using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>consent --connection CS [--events N]</c>: recording banner consent events through Lethe's consent log (receipt,
/// keyed subject hash, receipt and audit entry, in batches of 1,000) beside two raw loads of the same rows into tables of
/// the same shape: a batched INSERT of arrays and <c>COPY … FROM STDIN (FORMAT BINARY)</c>, PostgreSQL's fastest way in
/// and so the real limit. One process and one run, alternating batch by batch.
/// </summary>
internal static class ConsentBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? server = null, keyFile = null;
        var events = 100_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection" when i + 1 < args.Length: server = args[++i]; break;
                case "--key-file" when i + 1 < args.Length: keyFile = args[++i]; break;
                case "--events" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var e) && e >= 1000: events = e; i++; break;
                default:
                    Console.Error.WriteLine("usage: Lethe.Benchmarks consent --connection <PostgreSQL connection string> [--events N] [--key-file F]");
                    return 2;
            }
        }

        if (server is null)
        {
            Console.Error.WriteLine("usage: Lethe.Benchmarks consent --connection <PostgreSQL connection string> [--events N] [--key-file F]");
            return 2;
        }

        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            foreach (var sql in new[] { "DROP DATABASE IF EXISTS lethe_bench_consent WITH (FORCE)", "CREATE DATABASE lethe_bench_consent" })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        var store = new NpgsqlConnectionStringBuilder(server) { Database = "lethe_bench_consent" }.ConnectionString;
        var settings = new StorageSettings(DatabaseProvider.Postgres, store, Path.GetTempPath());
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddLetheCore(settings)
            .BuildServiceProvider();
        Tenant tenant;
        await using (var scope = services.CreateAsyncScope())
        {
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), settings, default);
            tenant = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().CreateAsync(Access.Operator, AuditActor.System, new TenantInput
            {
                Slug = "bench-consent", Name = "Flex4Business ApS", Country = "DK", RegistrationNumber = "42497762",
                Address = "Vestergade 1, 8000 Aarhus C", ContactEmail = "privacy@bench.example",
            }, default)).Value!;
            var yaml = await File.ReadAllTextAsync(Path.Combine("samples", "flex4business", "manifest.yaml"));
            var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
            if (!imported.Succeeded)
            {
                throw new InvalidOperationException(imported.Failure!.ToString());
            }
        }

        await using (var connection = new NpgsqlConnection(store))
        {
            await connection.OpenAsync();
            // The same shape as consent_events: columns, indexes and the tenant's foreign key (LIKE copies no foreign key).
            await using var create = new NpgsqlCommand(
                """
                CREATE TABLE consent_raw (LIKE consent_events INCLUDING DEFAULTS INCLUDING INDEXES);
                ALTER TABLE consent_raw ADD FOREIGN KEY ("TenantId") REFERENCES tenants ("Id") ON DELETE CASCADE;
                CREATE TABLE consent_copy (LIKE consent_events INCLUDING DEFAULTS INCLUDING INDEXES);
                ALTER TABLE consent_copy ADD FOREIGN KEY ("TenantId") REFERENCES tenants ("Id") ON DELETE CASCADE;
                """, connection);
            await create.ExecuteNonQueryAsync();
        }

        const int batch = 1000;
        var batches = events / batch;
        // The raw side sends a real receipt of the same size with every row: "the same rows", only not built per event.
        var receipt = await LetheBatchAsync(services, tenant, -1, batch);
        // Warm-up: start-up, the EF model and tiered JIT (a method runs optimised after 30 calls) count against neither
        // side; a server that records consent all day runs the optimised code.
        for (var w = 0; w < 40; w++)
        {
            await LetheBatchAsync(services, tenant, -2 - w, batch);
            await RawBatchAsync(store, tenant, -2 - w, batch, receipt);
            await CopyBatchAsync(store, tenant, batch, receipt);
        }
        var lethe = new Stopwatch();
        var raw = new Stopwatch();
        var copy = new Stopwatch();
        for (var b = 0; b < batches; b++)
        {
            lethe.Start();
            await LetheBatchAsync(services, tenant, b, batch);
            lethe.Stop();
            raw.Start();
            await RawBatchAsync(store, tenant, b, batch, receipt);
            raw.Stop();
            copy.Start();
            await CopyBatchAsync(store, tenant, batch, receipt);
            copy.Stop();
        }

        var letheRate = batches * batch / lethe.Elapsed.TotalSeconds;
        var rawRate = batches * batch / raw.Elapsed.TotalSeconds;
        var copyRate = batches * batch / copy.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| recording {batches * batch:N0} banner events in batches of {batch:N0} | Lethe | `COPY … (FORMAT BINARY)` | Lethe ÷ COPY | raw batched INSERT | Lethe ÷ INSERT | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| PostgreSQL | {letheRate:N0} events/s ({lethe.Elapsed.TotalSeconds:F1} s) | {copyRate:N0} events/s ({copy.Elapsed.TotalSeconds:F1} s) | {letheRate / copyRate * 100:F0} % | {rawRate:N0} events/s ({raw.Elapsed.TotalSeconds:F1} s) | {letheRate / rawRate * 100:F0} % | ≥ 80 % of COPY |"));
        if (keyFile is not null)
        {
            // For the state benchmark (bench/consent.sh): a key that may read the state, and nothing else.
            await using var scope = services.CreateAsyncScope();
            var issued = await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>()
                .IssueAsync(tenant, AuditActor.System, "consent state benchmark", ["consent:read"], 1, default);
            await File.WriteAllTextAsync(keyFile, issued.Value!.Secret);
        }

        return 0;
    }

    /// <returns>The first receipt.</returns>
    private static async Task<string> LetheBatchAsync(IServiceProvider services, Tenant tenant, int b, int size)
    {
        await using var scope = services.CreateAsyncScope();
        var inputs = Enumerable.Range(0, size)
            .Select(i => new ConsentInput(ConsentSubject.Browser, $"browser-{b + 1:D6}-{i:D6}-lethe", ConsentAction.Given, ["statistics", "marketing"], "banner",
                TextsHash: new string('a', 64), Language: "da"))
            .ToList();
        var recorded = await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(tenant, AuditActor.System, inputs, default);
        if (!recorded.Succeeded)
        {
            throw new InvalidOperationException(recorded.Failure!.ToString());
        }

        return recorded.Value![0].ReceiptJson;
    }

    private static async Task RawBatchAsync(string store, Tenant tenant, int b, int size, string receipt)
    {
        // What a hand-written logger would send: one INSERT of the batch's rows as arrays (the fastest batched form).
        var now = DateTime.UtcNow;
        var ids = Enumerable.Range(0, size).Select(_ => Lethe.Common.RandomUuids.NewV4()).ToArray();
        // Keyed hashes, as Lethe stores: random, so both sides insert into the subject index all over, not at its end.
        var subjects = RandomSubjects(size);
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO consent_raw ("Id", "TenantId", "Subject", "Action", "PurposesJson", "Channel", "NoticeVersion", "TextsHash", "GlobalPrivacyControl", "OccurredAt", "ReceiptJson")
            SELECT id, @tenant, subject, 'given', '["statistics","marketing"]', 'banner', NULL, @hash, false, @now, receipt
            FROM unnest(@ids, @subjects, @receipts) AS t(id, subject, receipt)
            """, connection);
        command.Parameters.AddWithValue("tenant", tenant.Id);
        command.Parameters.AddWithValue("hash", new string('a', 64));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.Add(new NpgsqlParameter("receipts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Enumerable.Repeat(receipt, size).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("subjects", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = subjects });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task CopyBatchAsync(string store, Tenant tenant, int size, string receipt)
    {
        // The limit: the same rows streamed in PostgreSQL's binary COPY format, no statement to parse, no arrays to unnest.
        var now = DateTime.UtcNow;
        var hash = new string('a', 64);
        var subjects = RandomSubjects(size);
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            """
            COPY consent_copy ("Id", "TenantId", "Subject", "Action", "PurposesJson", "Channel", "NoticeVersion", "TextsHash", "GlobalPrivacyControl", "OccurredAt", "Position", "ReceiptJson")
            FROM STDIN (FORMAT BINARY)
            """);
        for (var i = 0; i < size; i++)
        {
            await import.StartRowAsync();
            await import.WriteAsync(Lethe.Common.RandomUuids.NewV4(), NpgsqlDbType.Uuid);
            await import.WriteAsync(tenant.Id, NpgsqlDbType.Uuid);
            await import.WriteAsync(subjects[i], NpgsqlDbType.Text);
            await import.WriteAsync("given", NpgsqlDbType.Text);
            await import.WriteAsync("""["statistics","marketing"]""", NpgsqlDbType.Text);
            await import.WriteAsync("banner", NpgsqlDbType.Text);
            await import.WriteNullAsync();
            await import.WriteAsync(hash, NpgsqlDbType.Text);
            await import.WriteAsync(false, NpgsqlDbType.Boolean);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(i, NpgsqlDbType.Integer);
            await import.WriteAsync(receipt, NpgsqlDbType.Text);
        }

        await import.CompleteAsync();
    }

    /// <summary>
    /// Random subjects shaped like Lethe's keyed hashes, from one draw of random bytes per batch: a kernel call per row
    /// (as <see cref="RandomNumberGenerator.GetBytes(int)"/> makes) would slow the baselines, not the database.
    /// </summary>
    private static string[] RandomSubjects(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(32 * size);
        return Enumerable.Range(0, size).Select(i => "browser:" + Convert.ToHexStringLower(bytes.AsSpan(32 * i, 32))).ToArray();
    }
}
