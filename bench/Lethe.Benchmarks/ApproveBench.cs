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
using Microsoft.EntityFrameworkCore;
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
        "usage: Lethe.Benchmarks approve --servers URL[,URL…] --data DIR [--connection <PostgreSQL connection string>] [--requests N] [--warmup N] [--pace MS] [--label TEXT] [--timeout S] [--breakdown FILE]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? servers = null, data = null, connection = null, label = null, breakdown = null;
        int requests = 100, warmup = 10, pace = 200, timeout = 60;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--servers" when i + 1 < args.Length: servers = args[++i]; break;
                case "--data" when i + 1 < args.Length: data = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--label" when i + 1 < args.Length: label = args[++i]; break;
                case "--breakdown" when i + 1 < args.Length: breakdown = args[++i]; break;
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

        var (latencies, missing, marks) = await MeasureAsync(api, settings, numbers, requests, pace, timeout);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label ?? settings.Provider.ToString()} | {requests} | {Ms(P(latencies, 0.5))} | {Ms(P(latencies, 0.99))} | {Ms(latencies.LastOrDefault())} | {missing} |"));
        if (breakdown is not null)
        {
            await File.AppendAllTextAsync(breakdown, await BreakdownAsync(settings, label ?? settings.Provider.ToString(), marks));
        }

        // Packages not stored in time are a figure of the table, not a failure of the run.
        return 0;
    }

    /// <returns>Each stored package's time from its approval, in ms, sorted; and how many were not stored within the timeout.</returns>
    private static async Task<(List<double> Latencies, int Missing, List<Marks> Marks)> MeasureAsync(
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
        var marks = new List<Marks>();
        var stored = new ConcurrentDictionary<Guid, TimeSpan>();
        using var stop = new CancellationTokenSource();
        var watching = WatchAsync(settings, ids.ToHashSet(), stored, clock, stop.Token);
        foreach (var id in ids)
        {
            var sent = DateTime.UtcNow;
            approved[id] = clock.Elapsed;
            (await api.PostAsync($"/api/v1/tenants/flex4business/requests/{id}/approve", null)).EnsureSuccessStatusCode();
            var answered = clock.Elapsed - approved[id];
            await ConfirmForwardedAsync(api, id);
            marks.Add(new Marks(id, sent, answered, clock.Elapsed - approved[id]));
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
        foreach (var m in marks)
        {
            m.Seen = stored.TryGetValue(m.Id, out var seen) ? seen - approved[m.Id] : null;
        }

        return (latencies, ids.Count - latencies.Count, marks);
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

    /// <summary>One approval's moments, from sending it: as the benchmark saw them, and (<see cref="BreakdownAsync"/>) as Lethe recorded them.</summary>
    private sealed record Marks(Guid Id, DateTime Sent, TimeSpan Answered, TimeSpan Closed)
    {
        public TimeSpan? Seen { get; set; }
    }

    /// <summary>
    /// Where each approval's time went, one Markdown row of medians and one of 99th percentiles: the approval's and the
    /// Nets step's close's answers as the benchmark saw them, then as Lethe's database records them (on the servers'
    /// clock, the same machine's) the datastore step done, the request completed and the package begun (its
    /// <c>CreatedAt</c>, taken before it is written), and last the package seen stored.
    /// </summary>
    private static async Task<string> BreakdownAsync(StorageSettings settings, string label, List<Marks> marks)
    {
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddLetheCore(settings)
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var ids = marks.Select(m => m.Id).ToList();
        var steps = await db.RequestSteps.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.RequestId) && s.ForwardedTo == null)
            .Select(s => new { s.RequestId, s.CompletedAt }).ToListAsync();
        var closed = await db.Requests.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.ClosedAt }).ToListAsync();
        var begun = await db.StoredAnswers.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.RequestId)).Select(a => new { a.RequestId, a.CreatedAt }).ToListAsync();
        double? From(Marks m, DateTime? at) => at is { } t ? (t - m.Sent).TotalMilliseconds : null;
        var columns = new List<List<double>>
        {
            marks.Select(m => m.Answered.TotalMilliseconds).ToList(),
            marks.Select(m => m.Closed.TotalMilliseconds).ToList(),
            marks.Select(m => From(m, steps.Where(s => s.RequestId == m.Id).Max(s => s.CompletedAt))).OfType<double>().ToList(),
            marks.Select(m => From(m, closed.SingleOrDefault(r => r.Id == m.Id)?.ClosedAt)).OfType<double>().ToList(),
            marks.Select(m => From(m, begun.SingleOrDefault(a => a.RequestId == m.Id)?.CreatedAt)).OfType<double>().ToList(),
            marks.Select(m => m.Seen?.TotalMilliseconds).OfType<double>().ToList(),
        };
        foreach (var column in columns)
        {
            column.Sort();
        }

        string Row(string what, double q) => $"| {label}, {what} | {string.Join(" | ", columns.Select(c => Ms(P(c, q))))} |\n";
        return Row("p50", 0.5) + Row("p99", 0.99);
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
