using System.Diagnostics;
using System.Globalization;

namespace Lethe.Benchmarks;

/// <summary><c>retention --connection CS [--rows N] [--batch-size N]</c>: generates the call logs, runs both sides, prints the table.</summary>
internal static class RetentionMain
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = Environment.GetEnvironmentVariable("LETHE_BENCH_POSTGRES");
        long rows = 10_000_000;
        var batchSize = 5000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--rows" when i + 1 < args.Length && long.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r >= 1000: rows = r; i++; break;
                case "--batch-size" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var b) && b >= 1: batchSize = b; i++; break;
                default:
                    Console.Error.WriteLine("usage: Lethe.Benchmarks retention --connection <PostgreSQL connection string> [--rows N] [--batch-size N]");
                    return 2;
            }
        }

        if (connection is null)
        {
            Console.Error.WriteLine("usage: Lethe.Benchmarks retention --connection <PostgreSQL connection string> [--rows N] [--batch-size N]");
            return 2;
        }

        var bench = new RetentionBench(connection, rows, batchSize);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Generating 4 tables of {rows:N0} calls …");
        await bench.GenerateAsync();
        Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s");
        var results = await bench.RunAsync();

        Console.WriteLine();
        Console.WriteLine($"| operation ({rows:N0} rows, batches of {batchSize:N0}) | rows due | Lethe | raw SQL (one statement) | Lethe ÷ raw throughput | longest Lethe transaction | Lethe peak RSS | targets |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var lethe = r.Due / r.LetheSeconds;
            var raw = r.Due / r.RawSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Operation} | {r.Due:N0} | {r.LetheSeconds:F1} s ({r.InBatches:F1} s in {r.Batches:N0} batches), {lethe:N0} rows/s | {r.RawSeconds:F1} s, {raw:N0} rows/s | {lethe / raw * 100:F0} % | {r.LongestBatch * 1000:F0} ms | {r.PeakRss / 1024.0 / 1024.0:F0} MiB | ≥ 70 %, ≤ 1 s, < 200 MB |"));
        }

        return 0;
    }
}
