using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>approve --servers URL[,URL…] --data DIR [--connection CS] [--requests N] [--pace MS] [--label TEXT]</c>: on the
/// demo tenant of running <c>lethe serve</c> processes (their data directory, and on PostgreSQL their database),
/// registers N access requests through the API (a demo customer by customer number, the identity checked), then approves
/// them one at a time, <c>--pace</c> apart, on the first server, closing the step each forwards to Nets at once (as an agent
/// with Nets's confirmation in hand), and measures from sending each approval to its answer package being stored — seen by polling Lethe's database every 5 ms, whichever server made it. Prints one Markdown row.
/// </summary>
internal static class ApproveBench
{
    private const string Usage =
        "usage: Lethe.Benchmarks approve --servers URL[,URL…] --data DIR [--connection <PostgreSQL connection string>] [--requests N] [--warmup N] [--pace MS] [--label TEXT] [--timeout S]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? servers = null, data = null, connection = null, label = null;
        int requests = 100, warmup = 10, pace = 200, timeout = 60;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--servers" when i + 1 < args.Length: servers = args[++i]; break;
                case "--data" when i + 1 < args.Length: data = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--label" when i + 1 < args.Length: label = args[++i]; break;
                case "--requests" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: requests = n; i++; break;
                case "--warmup" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w >= 0: warmup = w; i++; break;
                case "--pace" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var p) && p >= 0: pace = p; i++; break;
                case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var t) && t > 0: timeout = t; i++; break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        if (servers is null || data is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var settings = (connection is null ? StorageSettings.Resolve("sqlite", null, data) : StorageSettings.Resolve("postgres", connection, data)).Value!;
        var urls = servers.Split(',').Select(u => new Uri(u)).ToList();
        using var api = new HttpClient { BaseAddress = urls[0], Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await KeyAsync(settings));
        var numbers = await CustomerNumbersAsync(settings);

        // The first packages compile the code paths they take (tiered JIT): not counted, as a server that runs all day has them compiled.
        if (warmup > 0)
        {
            await MeasureAsync(api, settings, numbers, warmup, pace, timeout);
        }

        var (latencies, missing) = await MeasureAsync(api, settings, numbers, requests, pace, timeout);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label ?? settings.Provider.ToString()} | {requests} | {Ms(P(latencies, 0.5))} | {Ms(P(latencies, 0.99))} | {Ms(latencies.LastOrDefault())} | {missing} |"));
        // Packages not stored in time are a figure of the table, not a failure of the run.
        return 0;
    }

    /// <returns>Each stored package's time from its approval, in ms, sorted; and how many were not stored within the timeout.</returns>
    private static async Task<(List<double> Latencies, int Missing)> MeasureAsync(
        HttpClient api, StorageSettings settings, List<string> numbers, int requests, int pace, int timeout)
    {
        // Registered first, so that the figure is the approval's alone.
        var ids = new List<Guid>();
        for (var i = 0; i < requests; i++)
        {
            var created = await api.PostAsJsonAsync("/api/v1/tenants/flex4business/requests", new
            {
                type = "access", identities = new[] { new { type = "customer_number", value = numbers[i % numbers.Count] } }, channel = "controller",
                identityCheck = "signed in to the customer portal (benchmark)",
            });
            created.EnsureSuccessStatusCode();
            ids.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        }

        var clock = Stopwatch.StartNew();
        var approved = new ConcurrentDictionary<Guid, TimeSpan>();
        var stored = new ConcurrentDictionary<Guid, TimeSpan>();
        using var stop = new CancellationTokenSource();
        var watching = WatchAsync(settings, ids.ToHashSet(), stored, clock, stop.Token);
        foreach (var id in ids)
        {
            approved[id] = clock.Elapsed;
            (await api.PostAsync($"/api/v1/tenants/flex4business/requests/{id}/approve", null)).EnsureSuccessStatusCode();
            await ConfirmForwardedAsync(api, id);
            await Task.Delay(pace);
        }

        var deadline = clock.Elapsed + TimeSpan.FromSeconds(timeout);
        while (stored.Count < ids.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await watching;
        var latencies = ids.Where(stored.ContainsKey).Select(id => (stored[id] - approved[id]).TotalMilliseconds).Order().ToList();
        return (latencies, ids.Count - latencies.Count);
    }

    /// <summary>
    /// Closes the steps the approval forwarded to processors (the billing data goes to Nets), as an agent does once the
    /// processor confirms — here at once, so that what is measured is Lethe's own time, not a processor's.
    /// </summary>
    private static async Task ConfirmForwardedAsync(HttpClient api, Guid id)
    {
        var request = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/flex4business/requests/{id}")).RootElement;
        foreach (var step in request.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("forwardedTo").ValueKind == JsonValueKind.String))
        {
            (await api.PostAsJsonAsync($"/api/v1/tenants/flex4business/requests/{id}/steps/{step.GetProperty("id").GetGuid()}/complete",
                new { note = "The processor confirmed (benchmark)." })).EnsureSuccessStatusCode();
        }
    }

    private static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static string Ms(double ms) => ms >= 10_000 ? $"{ms / 1000:F1} s" : $"{ms:F0} ms";

    /// <summary>A key for the demo tenant's requests, issued through Lethe itself on the servers' database.</summary>
    private static async Task<string> KeyAsync(StorageSettings settings)
    {
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddLetheCore(settings)
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var demo = await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default)
                   ?? throw new InvalidOperationException("No demo tenant: start `lethe serve` on an empty database first.");
        var issued = await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>()
            .IssueAsync(demo, AuditActor.System, "approve benchmark", ["requests:write"], 1, default);
        return issued.Value!.Secret;
    }

    /// <summary>The demo billing database's customer numbers (the first run builds it in the data directory).</summary>
    private static async Task<List<string>> CustomerNumbersAsync(StorageSettings settings)
    {
        var file = Path.Combine(settings.DataDirectory, Connectors.OwnStore.DatastoreFolder, "flex4business", "billing-db.db");
        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await sqlite.OpenAsync();
        await using var command = new SqliteCommand("SELECT customer_number FROM customers ORDER BY id", sqlite);
        await using var reader = await command.ExecuteReaderAsync();
        var numbers = new List<string>();
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetString(0));
        }

        return numbers;
    }

    /// <summary>Notes when each request's package first appears in Lethe's database.</summary>
    private static async Task WatchAsync(StorageSettings settings, HashSet<Guid> ids, ConcurrentDictionary<Guid, TimeSpan> stored, Stopwatch clock, CancellationToken ct)
    {
        await using DbConnection connection = settings.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(settings.ConnectionString)
            : new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"RequestId\" FROM stored_answers";
        while (!ct.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                var seen = clock.Elapsed;
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var id = reader.GetFieldValue<object>(0) switch
                    {
                        Guid g => g,
                        var text => Guid.Parse(Convert.ToString(text, CultureInfo.InvariantCulture)!),
                    };
                    if (ids.Contains(id))
                    {
                        stored.TryAdd(id, seen);
                    }
                }
            }

            try
            {
                await Task.Delay(5, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
