using System.Diagnostics;
using System.Globalization;
using Lethe.Common;
using Lethe.Scanning;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>detectors [--rows N]</c>: each detector alone, then all of them together, over the scan benchmark's ticket bodies
/// made in memory (no database), in MB/s: where a scan's time goes when it searches rather than reads.
/// </summary>
internal static class DetectorsBench
{
    public static int Run(string[] args)
    {
        var rows = args.Length > 2 && args[1] == "--rows" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500_000;
        var pool = PlantedNumbers.Pool(997);
        var bodies = Enumerable.Range(1, rows).Select(g =>
            string.Create(CultureInfo.InvariantCulture,
                $"Hello, the parcel for order {1000000 + g} placed on 2026-{1 + g % 12:00}-{1 + g % 28:00} arrived damaged. The invoice {7000000 + g % 99991} says {g % 997}.00 DKK. Please send a new one or refund it. ")
            + (g % 1000 == 0 ? pool[g / 1000 % pool.Count] : "Kind regards, a customer.")).ToArray();
        var megabytes = bodies.Sum(b => (long)b.Length) / 1e6;
        Console.WriteLine($"{rows:N0} bodies, {megabytes:N0} M characters");
        Console.WriteLine("| detector | MB/s | matches |");
        Console.WriteLine("| --- | --- | --- |");
        var all = Detectors.Default;
        foreach (var detector in new IDetector[] { new CprDetector(), new FodselsnummerDetector(), new PaymentCardDetector(), new IbanDetector(), new EmailDetector(), new PhoneDetector(), new IpAddressDetector() })
        {
            Measure(detector.Kind.ToWire(), new Detectors([detector]), bodies, megabytes);
        }

        Measure("all", all, bodies, megabytes);
        return 0;
    }

    private static void Measure(string name, Detectors detectors, string[] bodies, double megabytes)
    {
        // A whole pass first: the runtime compiles hot loops again, optimised, only after they have run a while, and a
        // short warm-up left the first detectors measured at a fraction of their speed.
        foreach (var body in bodies)
        {
            detectors.Find(body);
        }

        var clock = Stopwatch.StartNew();
        long matches = 0;
        foreach (var body in bodies)
        {
            matches += detectors.Find(body).Count;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {megabytes / clock.Elapsed.TotalSeconds:F0} | {matches:N0} |"));
    }
}
