using System.Diagnostics;
using System.Globalization;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>retention --connection CS [--rows N] [--batch-size N]</c>: generates the call logs, runs both sides, prints the
/// table. Without <c>--batch-size</c> Lethe runs with its default settings (batches sized to a target time); with it,
/// every batch has N rows, as <c>lethe retention run --batch-size N</c> does it.
/// </summary>
internal static class RetentionMain
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = Environment.GetEnvironmentVariable("LETHE_BENCH_POSTGRES");
        long rows = 10_000_000;
        int? batchSize = null;
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

        var options = batchSize is { } fixedSize ? new Lethe.Retention.RetentionOptions().WithFixedBatchSize(fixedSize) : new Lethe.Retention.RetentionOptions();
        var bench = new RetentionBench(connection, rows, options);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Generating 4 tables of {rows:N0} calls …");
        await bench.GenerateAsync();
        Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s");
        var results = await bench.RunAsync();

        Console.WriteLine();
        var batches = batchSize is { } size ? $"batches of {size:N0}" : $"batches sized to {options.TargetBatchDuration.TotalMilliseconds:F0} ms from {options.BatchSize:N0}";
        Console.WriteLine($"| operation ({rows:N0} rows, {batches}) | rows due | Lethe | raw SQL (one statement) | Lethe ÷ raw throughput | longest Lethe transaction | batch sizes | Lethe peak RSS | targets |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var lethe = r.Due / r.LetheSeconds;
            var raw = r.Due / r.RawSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Operation} | {r.Due:N0} | {r.LetheSeconds:F1} s ({r.InBatches:F1} s in {r.Batches:N0} batches), {lethe:N0} rows/s | {r.RawSeconds:F1} s, {raw:N0} rows/s | {lethe / raw * 100:F0} % | {r.LongestBatch * 1000:F0} ms | {r.SmallestSize:N0}–{r.LargestSize:N0} rows | {r.PeakRss / 1024.0 / 1024.0:F0} MiB | {(r.Operation == "delete" ? "≥ 85 %" : "≥ 90 %")}, ≤ 500 ms, < 200 MB |"));
        }

        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Operation}: {r.EmptyBatches:N0} of Lethe's batches changed no row ({r.InEmptyBatches:F1} s); the raw statement's plan: {r.RawPlan}"));
        }

        return 0;
    }
}
