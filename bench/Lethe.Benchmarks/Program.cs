using System.Diagnostics;
using System.Globalization;
using Lethe.Benchmarks;

// Access and erasure through Lethe beside the same work written by hand in SQL, measured in one run on one
// generated PostgreSQL datastore; or, with "retention" first, retention beside one raw DELETE and UPDATE. Usage:
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- --connection "Host=…;Username=…" [--people 1000000] [--sample 1000] [--reuse]
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- retention --connection "Host=…" [--rows 10000000] [--batch-size 5000]
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- scan --connection "Host=…" [--rows 5000000]
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- detectors [--rows 500000]   (each detector's speed, no database)
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- consent --connection "Host=…" [--events 100000] [--key-file F]
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- consent-subjects --tenant T --connection "Host=…" [--batches N]   (for bench/consent.sh)
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- bare-state --tenant T --connection "Host=…" --urls URL   (for bench/consent.sh)
//   dotnet run -c Release --project bench/Lethe.Benchmarks -- approve --servers URL[,URL] --data DIR [--connection "Host=…"] [--requests N]   (for bench/approve.sh)
if (args.Length > 0 && args[0] == "retention")
{
    return await RetentionMain.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scan")
{
    return await ScanBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "detectors")
{
    return DetectorsBench.Run(args);
}

if (args.Length > 0 && args[0] == "consent")
{
    return await ConsentBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "approve")
{
    return await ApproveBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "consent-subjects")
{
    return await ConsentSubjects.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "bare-state")
{
    return await BareState.RunAsync(args[1..]);
}

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Lethe.Benchmarks --connection <PostgreSQL connection string> [--people N] [--sample N] [--reuse]");
    return 2;
}

var shop = new Shop(options.Connection, options.People);
var clock = Stopwatch.StartNew();
if (!options.Reuse || !await shop.ExistsAsync())
{
    Console.WriteLine($"Generating {options.People:N0} people and {options.People * 10:N0} related rows …");
    await shop.GenerateAsync();
    Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s");
}

var counts = await shop.CountsAsync();
Console.WriteLine("Rows: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}")));

var random = new Random(20261122);
var people = Enumerable.Range(0, options.Sample * 3 + 100).Select(_ => (long)random.Next(1, options.People + 1)).Distinct().ToList();
var access = people.Take(options.Sample).ToList();
var eraseLethe = people.Skip(options.Sample).Take(options.Sample).ToList();
var eraseBaseline = people.Skip(options.Sample * 2).Take(options.Sample).ToList();
var warmup = people.Skip(options.Sample * 3).Take(50).ToList();

var runner = new Runs(shop);
await runner.WarmUpAsync(warmup);
var (accessLethe, accessBaseline, rowsSeen) = await runner.AccessAsync(access);
var (erasureLethe, erasureBaseline) = await runner.ErasureAsync(eraseLethe, eraseBaseline);
var memory = await runner.HeavyExportAsync();

static string Ms(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);
static double P(List<double> values, double q) => values.Order().ElementAt((int)Math.Min(values.Count - 1, Math.Floor(q * values.Count)));

Console.WriteLine();
Console.WriteLine($"| operation ({options.Sample} random people) | Lethe p50 | Lethe p99 | raw SQL p50 | raw SQL p99 | p50 ratio | target |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
Console.WriteLine($"| access (rows found: {rowsSeen:N0}) | {Ms(P(accessLethe, 0.5))} ms | {Ms(P(accessLethe, 0.99))} ms | {Ms(P(accessBaseline, 0.5))} ms | {Ms(P(accessBaseline, 0.99))} ms | {P(accessLethe, 0.5) / P(accessBaseline, 0.5):F2}× | p50 ≤ 1.1×, p99 ≤ 1.5× raw p99 |");
Console.WriteLine($"| erasure | {Ms(P(erasureLethe, 0.5))} ms | {Ms(P(erasureLethe, 0.99))} ms | {Ms(P(erasureBaseline, 0.5))} ms | {Ms(P(erasureBaseline, 0.99))} ms | {P(erasureLethe, 0.5) / P(erasureBaseline, 0.5):F2}× | p50 ≤ 1.25×, p99 ≤ 1.5× raw p99 |");
Console.WriteLine();
Console.WriteLine($"Export of one person with {memory.Rows:N0} rows: {memory.Seconds:F1} s, ZIP {memory.ZipBytes / 1024.0 / 1024.0:F1} MiB, " +
    $"peak RSS growth {memory.PeakRssGrowth / 1024.0 / 1024.0:F1} MiB, peak managed heap growth {memory.PeakManagedGrowth / 1024.0 / 1024.0:F1} MiB (target < 100 MB)");
return 0;

namespace Lethe.Benchmarks
{
    internal sealed record Options(string Connection, int People, int Sample, bool Reuse)
    {
        public static Options? Parse(string[] args)
        {
            string? connection = Environment.GetEnvironmentVariable("LETHE_BENCH_POSTGRES");
            int people = 1_000_000, sample = 1000;
            var reuse = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                    case "--people" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var p) && p >= 1000: people = p; i++; break;
                    case "--sample" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s >= 10: sample = s; i++; break;
                    case "--reuse": reuse = true; break;
                    default: return null;
                }
            }

            return connection is null || sample * 3 + 100 > people ? null : new Options(connection, people, sample, reuse);
        }
    }
}
