using System.Globalization;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>consent-subjects --tenant T --connection CS [--batches N]</c>: for the raw SQL side of the state benchmark
/// (pgbench in bench/consent.sh), the table <c>bench_subjects(i, subject)</c> of keyed subjects, drawn as the HTTP load
/// draws browser ids (bench/consent-state.lua): nine in ten recorded a choice, one in ten never did. Prints the
/// tenant's id, which the raw query filters on as Lethe's does.
/// </summary>
internal static class ConsentSubjects
{
    private const string Usage = "usage: Lethe.Benchmarks consent-subjects --tenant <slug> --connection <PostgreSQL> [--batches N]";
    private const int Count = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        string? tenant = null, connection = null;
        var batches = 100;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--tenant" when i + 1 < args.Length: tenant = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--batches" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var b) && b >= 1: batches = b; i++; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (tenant is null || connection is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var (tenantId, key) = await SubjectKeyAsync(connection, tenant);
        var random = new Random(20261125);
        var subjects = Enumerable.Range(0, Count).Select(_ => ConsentSubject.Key(ConsentSubject.Browser, random.Next(10) == 0
            ? $"browser-unknown-{random.Next(1_000_000):D7}"
            : $"browser-{random.Next(1, batches + 1):D6}-{random.Next(1000):D6}-lethe", key)).ToArray();

        await using var source = NpgsqlDataSource.Create(connection);
        await using (var create = source.CreateCommand(
            "DROP TABLE IF EXISTS bench_subjects; CREATE TABLE bench_subjects (i int PRIMARY KEY, subject text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var fill = source.CreateCommand("INSERT INTO bench_subjects SELECT * FROM unnest($1, $2)"))
        {
            fill.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(1, Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            fill.Parameters.Add(new NpgsqlParameter { Value = subjects, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await fill.ExecuteNonQueryAsync();
        }

        await using (var analyze = source.CreateCommand("ANALYZE bench_subjects"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine(tenantId);
        return 0;
    }

    /// <summary>The tenant's id and the key its consent subjects are hashed with, as Lethe derives it.</summary>
    internal static async Task<(Guid, byte[])> SubjectKeyAsync(string connection, string slug)
    {
        var settings = new StorageSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        await using var services = new ServiceCollection().AddLogging().AddLetheCore(settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync(slug, default)
            ?? throw new InvalidOperationException($"No tenant {slug}.");
        return (tenant.Id, await ConsentSubject.TenantKeyAsync(db, tenant.Id, TimeProvider.System, default));
    }
}
