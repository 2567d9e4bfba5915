using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>consent-state --url U --tenant T --key-file F --connection CS [--rate 1000] [--seconds 30] [--warmup 30] [--batches N]</c>:
/// reading the consent state of random browsers over HTTP from a running <c>lethe serve</c>, open loop at a fixed
/// rate (a request leaves on schedule whether or not earlier ones have answered, so a slow server cannot slow the
/// load down and hide its own latency); beside it, at the same rate, the raw SQL read of the same subjects' newest
/// events from the same database.
/// </summary>
internal static class ConsentStateBench
{
    private const string Usage =
        "usage: Lethe.Benchmarks consent-state --url <lethe serve> --tenant <slug> --key-file <file> --connection <PostgreSQL> [--rate 1000] [--seconds 30] [--warmup 30] [--batches N]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? url = null, tenant = null, keyFile = null, connection = null;
        int rate = 1000, seconds = 30, batches = 100, warmup = 30;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length: url = args[++i]; break;
                case "--tenant" when i + 1 < args.Length: tenant = args[++i]; break;
                case "--key-file" when i + 1 < args.Length: keyFile = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--rate" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r >= 1: rate = r; i++; break;
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s >= 1: seconds = s; i++; break;
                case "--warmup" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w >= 0: warmup = w; i++; break;
                case "--batches" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var b) && b >= 1: batches = b; i++; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (url is null || tenant is null || keyFile is null || connection is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(keyFile)).Trim());
        var random = new Random(20261125);
        // Nine in ten browsers recorded a choice (ids as ConsentBench made them), one in ten never did.
        string Browser() => random.Next(10) == 0
            ? $"browser-unknown-{random.Next(1_000_000):D7}"
            : $"browser-{random.Next(1, batches + 1):D6}-{random.Next(1000):D6}-lethe";

        async Task<bool> HttpReadAsync(string browser)
        {
            using var response = await http.GetAsync($"/api/v1/tenants/{tenant}/consent/state?subjectType=browser&subject={browser}");
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && body.Contains("\"statistics\"", StringComparison.Ordinal);
        }

        // The floor: the same server answering its liveness probe (no database, no authentication) at the same rate.
        async Task<bool> FloorReadAsync()
        {
            using var response = await http.GetAsync("/health/live");
            return response.IsSuccessStatusCode;
        }

        await using var source = NpgsqlDataSource.Create(connection);
        var (tenantId, key) = await SubjectKeyAsync(connection, tenant);
        async Task<bool> RawReadAsync(string browser)
        {
            // What a hand-written service would send: the subject's newest events by the log's subject index.
            await using var command = source.CreateCommand(
                """
                SELECT "Id", "Action", "PurposesJson", "OccurredAt", "NoticeVersion" FROM consent_events
                WHERE "TenantId" = $1 AND "Subject" = $2 ORDER BY "OccurredAt" DESC, "Position" DESC LIMIT 32
                """);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConsentSubject.Key(ConsentSubject.Browser, browser, key) });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(2);
            }

            return true;
        }

        // Tiered JIT keeps recompiling ASP.NET Core, EF Core and Npgsql for the first half minute of load; a server that
        // has been up for a while runs the optimised code, so that is what is measured.
        Console.WriteLine($"Warming up for {warmup} s at {rate:N0} requests/s …");
        await OpenLoopAsync(rate, warmup, () => HttpReadAsync(Browser()));
        await OpenLoopAsync(rate, Math.Min(warmup, 5), () => RawReadAsync(Browser()));
        Console.WriteLine($"Measuring {seconds} s at {rate:N0} requests/s: the state over HTTP, raw SQL, the liveness probe …");
        var lethe = await OpenLoopAsync(rate, seconds, () => HttpReadAsync(Browser()));
        var raw = await OpenLoopAsync(rate, seconds, () => RawReadAsync(Browser()));
        var floor = await OpenLoopAsync(rate, seconds, FloorReadAsync);

        Console.WriteLine();
        Console.WriteLine($"| reading the consent state, {rate:N0} requests/s for {seconds} s | sent | achieved rate | p50 | p99 | p99.9 | max | errors | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(lethe.Row("Lethe, `GET …/consent/state` over HTTP", "p99 ≤ 5 ms, no errors"));
        Console.WriteLine(raw.Row("raw SQL, the subject's newest events (no HTTP)", "—"));
        Console.WriteLine(floor.Row("the machine's floor: `GET /health/live` (HTTP only, no database)", "—"));
        return lethe.Errors == 0 ? 0 : 1;
    }

    /// <summary>Starts <paramref name="rate"/> calls a second on schedule, each timed from its own start.</summary>
    private static async Task<LoadResult> OpenLoopAsync(int rate, int seconds, Func<Task<bool>> call)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var errors = 0;
        var late = 0;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var interval = 1000.0 / rate;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var next = 0;
        while (next < total)
        {
            await timer.WaitForNextTickAsync();
            var now = clock.Elapsed.TotalMilliseconds;
            for (; next < total && next * interval <= now; next++)
            {
                if (now - next * interval > 5)
                {
                    late++;
                }

                var index = next;
                inFlight.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        if (!await call())
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NpgsqlException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }));
            }
        }

        var sending = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(inFlight);
        return new LoadResult(total, total / sending, latencies, errors, late);
    }

    /// <summary>The tenant's id and the key its consent subjects are hashed with, as Lethe derives it.</summary>
    private static async Task<(Guid, byte[])> SubjectKeyAsync(string connection, string slug)
    {
        var settings = new StorageSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        await using var services = new ServiceCollection().AddLogging().AddLetheCore(settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync(slug, default)
            ?? throw new InvalidOperationException($"No tenant {slug}.");
        return (tenant.Id, await ConsentSubject.TenantKeyAsync(db, tenant.Id, TimeProvider.System, default));
    }

    private sealed record LoadResult(int Sent, double Rate, double[] Latencies, int Errors, int Late)
    {
        public string Row(string what, string target)
        {
            var sorted = Latencies.Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
            return string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {Sent:N0} ({Late:N0} sent > 5 ms late) | {Rate:N0}/s | {P(0.5):F2} ms | {P(0.99):F2} ms | {P(0.999):F2} ms | {sorted[^1]:F2} ms | {Errors:N0} | {target} |");
        }
    }
}
