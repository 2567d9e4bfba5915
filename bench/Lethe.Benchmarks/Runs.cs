using System.Diagnostics;
using Lethe.Execution;
using Lethe.Requests.Answers;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>The measured runs: each Lethe operation beside the same lookups and changes written by hand.</summary>
internal sealed class Runs(Shop shop)
{
    private static readonly byte[] HashKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public async Task WarmUpAsync(IEnumerable<long> people)
    {
        foreach (var id in people)
        {
            await LetheAccessAsync(id);
            await BaselineAccessAsync(id);
        }
    }

    public async Task<(List<double> Lethe, List<double> Baseline, long Rows)> AccessAsync(IReadOnlyList<long> people)
    {
        var lethe = new List<double>();
        var baseline = new List<double>();
        long rows = 0;
        for (var i = 0; i < people.Count; i++)
        {
            // Alternate which goes first, so neither always meets the warmer cache.
            if (i % 2 == 0)
            {
                lethe.Add(await TimeAsync(async () => rows += await LetheAccessAsync(people[i])));
                baseline.Add(await TimeAsync(() => BaselineAccessAsync(people[i])));
            }
            else
            {
                baseline.Add(await TimeAsync(() => BaselineAccessAsync(people[i])));
                lethe.Add(await TimeAsync(async () => rows += await LetheAccessAsync(people[i])));
            }
        }

        return (lethe, baseline, rows);
    }

    public async Task<(List<double> Lethe, List<double> Baseline)> ErasureAsync(IReadOnlyList<long> forLethe, IReadOnlyList<long> forBaseline)
    {
        var lethe = new List<double>();
        var baseline = new List<double>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < Math.Min(forLethe.Count, forBaseline.Count); i++)
        {
            var (a, b) = (forLethe[i], forBaseline[i]);
            lethe.Add(await TimeAsync(() => shop.Connector().EraseAsync([new Identity("email", Shop.Email(a))], HashKey, today, default)));
            baseline.Add(await TimeAsync(() => BaselineErasureAsync(b)));
        }

        return (lethe, baseline);
    }

    public async Task<(long Rows, double Seconds, long ZipBytes, long PeakRssGrowth, long PeakManagedGrowth)> HeavyExportAsync()
    {
        var zipPath = Path.Combine(Path.GetTempPath(), $"lethe-bench-{Guid.NewGuid():N}.zip");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ProcessMemory.ResetPeak();
        var rssBefore = ProcessMemory.Read("VmRSS");
        var managedBefore = GC.GetTotalMemory(true);
        long managedPeak = managedBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });

        var clock = Stopwatch.StartNew();
        long rows;
        await using (var contents = new AnswerContents(shop.Manifest, AnswerKind.Access))
        {
            var connector = shop.Connector();
            var counts = await connector.ReadAsync([new Identity("email", Shop.Email(shop.HeavyCustomer))], row => contents.AddAsync("shop.db", row, null, default), default);
            rows = counts.Values.Sum();
            await using var file = File.Create(zipPath);
            await contents.WriteZipAsync(file, DateTimeOffset.UtcNow, default);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var peak = ProcessMemory.Read("VmHWM");
        var size = new FileInfo(zipPath).Length;
        File.Delete(zipPath);
        return (rows, seconds, size, peak - rssBefore, managedPeak - managedBefore);
    }

    private async Task<long> LetheAccessAsync(long id)
    {
        long rows = 0;
        await shop.Connector().ReadAsync([new Identity("email", Shop.Email(id))], _ =>
        {
            rows++;
            return ValueTask.CompletedTask;
        }, default);
        return rows;
    }

    /// <summary>
    /// The walk written by hand, with the same ownership (every table belongs to the customer, order lines to their
    /// orders) and the same case-insensitive e-mail: the customer, then each table by the keys found.
    /// </summary>
    private async Task<long> BaselineAccessAsync(long id)
    {
        await using var connection = new NpgsqlConnection(shop.ConnectionString);
        await connection.OpenAsync();
        var customers = await ReadAsync(connection, "SELECT * FROM customers WHERE lower(trim(email)) = $1", Shop.Email(id));
        var ids = customers.Select(r => (long)r[0]!).ToArray();
        var orders = await ReadAsync(connection, "SELECT * FROM orders WHERE customer_id = ANY($1)", ids);
        var invoices = await ReadAsync(connection, "SELECT * FROM invoices WHERE customer_id = ANY($1)", ids);
        var tickets = await ReadAsync(connection, "SELECT * FROM support_tickets WHERE customer_id = ANY($1)", ids);
        var lines = await ReadAsync(connection, "SELECT * FROM order_lines WHERE order_id = ANY($1)", orders.Select(r => (long)r[0]!).ToArray());
        return customers.Count + orders.Count + invoices.Count + tickets.Count + lines.Count;
    }

    /// <summary>The erasure written by hand: anonymise the customer, delete their order lines, orders and tickets, in one transaction.</summary>
    private async Task BaselineErasureAsync(long id)
    {
        await using var connection = new NpgsqlConnection(shop.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var customer = (await ReadAsync(connection, "SELECT id, email, birth_date FROM customers WHERE lower(trim(email)) = $1", Shop.Email(id))).Single();
        var born = (DateOnly)customer[2]!;
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("UPDATE customers SET name = 'Anonymized person', email = $2, phone = NULL, address = NULL, birth_date = $3 WHERE id = $1")
                {
                    Parameters = { new() { Value = id }, new() { Value = ErasureStrategy.KeyedHash((string)customer[1]!, HashKey) }, new() { Value = new DateOnly(born.Year, 1, 1) } },
                },
                new NpgsqlBatchCommand("DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE customer_id = $1)") { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand("DELETE FROM orders WHERE customer_id = $1") { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand("DELETE FROM support_tickets WHERE customer_id = $1") { Parameters = { new() { Value = id } } },
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static async Task<List<object?[]>> ReadAsync(NpgsqlConnection connection, string sql, object value)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = value } } };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalMilliseconds;
    }
}
