using System.Text.RegularExpressions;
using Lethe.Storage;
using Lethe.Tests.Support;
using static Lethe.Tests.Cli.CliTests;

namespace Lethe.Tests.Scanning;

public sealed partial class ScanCliTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Lethe_scan_prints_progress_and_the_findings_without_a_value_and_masks_after_a_dry_run(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);
        var slug = f.Tenant.Slug;
        // The CLI reads the operator's settings from the environment, as `lethe` on a server would.
        Environment.SetEnvironmentVariable($"Lethe__Datastores__AllowedReferences__{slug}", "env:LETHE_TEST_*");

        var scan = await RunAsync([.. f.Db.CliOptions, "scan", "--tenant", slug, "--parallel", "3"]);

        scan.Exit.ShouldBe(0, scan.Err + scan.Out);
        scan.Out.ShouldContain("tables 4/4");
        scan.Out.ShouldContain("3 at once");
        scan.Out.ShouldMatch(@"support\.db\.tickets\.body\s+email\s+high\s+25\s+25\s+1000 2000 3000 4000 5000");
        scan.Out.ShouldContain("→ notes.content holds e-mail addresses, but the data map does not describe it");
        foreach (var value in ScanFixture.Planted)
        {
            scan.Out.ShouldNotContain(value);
        }

        var id = ScanId().Match(scan.Out).Groups[1].Value;
        var finding = Regex.Match(scan.Out, @"([0-9a-f-]{36}) +support\.db\.tickets\.body").Groups[1].Value;
        var dry = await RunAsync([.. f.Db.CliOptions, "scan", "mask", "--tenant", slug, "--scan", id, "--finding", finding]);
        dry.Exit.ShouldBe(0, dry.Err);
        dry.Out.ShouldContain("would change 25 rows");
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%@firma-eksempel.dk%'")).Single()[0].ShouldBe(25L);

        var run = await RunAsync([.. f.Db.CliOptions, "scan", "mask", "--tenant", slug, "--scan", id, "--finding", finding, "--run"]);
        run.Exit.ShouldBe(0, run.Err);
        run.Out.ShouldContain("Masked 25 email matches in 25 rows");
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%@firma-eksempel.dk%'")).Single()[0].ShouldBe(0L);

        foreach (var (args, expected) in new (string[], string)[]
        {
            (["scan", "--tenant", slug, "--sample", "0"], "rows to read per table"),
            (["scan", "--tenant", slug, "--datastore", "crm.db"], "support.db"),
            (["scan", "mask", "--tenant", slug, "--scan", id, "--finding", Guid.NewGuid().ToString()], "No finding"),
        })
        {
            var bad = await RunAsync([.. f.Db.CliOptions, .. args]);
            bad.Exit.ShouldNotBe(0, string.Join(' ', args));
            bad.Err.ShouldStartWith("lethe: ");
            bad.Err.ShouldContain(expected, Case.Insensitive);
        }
    }

    [GeneratedRegex("scan ([0-9a-f-]{36})")]
    private static partial Regex ScanId();
}
