using System.Globalization;
using System.Text.RegularExpressions;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Cli;

/// <summary><c>lethe breach</c>: the register from the shell, from registering a breach to its letters and closing it.</summary>
public sealed partial class BreachCliTests
{
    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliTests.RunAsync(args);

    /// <summary>A tenant with the small-business data map imported through the CLI, its ERP a fresh SQLite demo database.</summary>
    private static async Task<(TestDatabase Db, DemoStore Erp, string Slug)> ShopAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var slug = "breachshop-" + Guid.NewGuid().ToString("N")[..8];
        await db.CreateTenantAsync(slug);
        var erp = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "small-business", "erp", 12);
        var variable = "LETHE_TEST_ERP_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, erp.ConnectionString);
        Environment.SetEnvironmentVariable($"Lethe__Datastores__AllowedReferences__{slug}", "env:LETHE_TEST_*");
        var manifest = Path.Combine(erp.Directory, "manifest.yaml");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml")))
            .Replace("env:ERP_DATABASE", $"env:{variable}", StringComparison.Ordinal));
        (await RunAsync([.. db.CliOptions, "manifest", "import", manifest, "--tenant", slug])).Exit.ShouldBe(0);
        return (db, erp, slug);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_breach_goes_from_register_to_letters_and_close_from_the_shell(DatabaseProvider provider)
    {
        var (db, erp, slug) = await ShopAsync(provider);
        await using var _ = db;
        string[] T(params string[] args) => [.. db.CliOptions, "breach", .. args, "--tenant", slug];
        var invoiced = (await erp.QueryAsync("SELECT DISTINCT lower(c.email) FROM customers c JOIN orders o ON o.customer_id = c.id JOIN invoices i ON i.order_id = o.id")).Count;
        invoiced.ShouldBeGreaterThan(0);

        (await RunAsync(T("list"))).Out.ShouldContain("no breach is registered");
        var aware = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture);
        var registered = await RunAsync(T("register", "--aware-at", aware, "--description", "Invoices mailed to the wrong customers", "--affected", "erp.db.invoices"));
        registered.Exit.ShouldBe(0, registered.Err);
        var id = BreachId().Match(registered.Out).Groups[1].Value;
        registered.Out.ShouldContain($"of {invoiced} people");

        (await RunAsync(T("list"))).Out.ShouldContain(id);
        var shown = await RunAsync(T("show", id));
        shown.Out.ShouldContain("erp.db.invoices");
        shown.Out.ShouldContain("risk:        not assessed");

        var notHigh = await RunAsync(T("letters", id, "--dry-run"));
        notHigh.Exit.ShouldBe(1);
        notHigh.Err.ShouldContain("Assess the breach's risk first");

        (await RunAsync(T("assess", id, "--risk", "high_risk", "--reasons", "Names and amounts", "--consequences", "Embarrassment", "--measures", "Customers are told")))
            .Out.ShouldContain("high_risk");
        var dryRun = await RunAsync(T("letters", id, "--dry-run"));
        dryRun.Exit.ShouldBe(0, dryRun.Err);
        dryRun.Out.ShouldContain($"Dry run: {invoiced} letters would be sent (da={invoiced})");

        var sent = await RunAsync(T("letters", id, "--send"));
        sent.Out.ShouldContain($"Queued {invoiced} letters (da={invoiced})");
        var twice = await RunAsync(T("letters", id, "--send"));
        twice.Exit.ShouldBe(1);
        twice.Err.ShouldContain("sent already");

        // A preview prints the notification and records nothing: the breach is still assessed, with no part.
        var previewed = await RunAsync(T("notify", id, "--preview"));
        previewed.Exit.ShouldBe(0, previewed.Err);
        previewed.Out.ShouldStartWith("# Anmeldelse af brud på persondatasikkerheden");
        var unrecorded = (await RunAsync(T("show", id))).Out;
        unrecorded.ShouldNotContain("part 1");
        unrecorded.ShouldContain("assessed");

        var file = Path.Combine(erp.Directory, "notification.md");
        (await RunAsync(T("notify", id, "--out", file))).Out.ShouldContain("written to");
        (await File.ReadAllTextAsync(file)).ShouldStartWith("# Anmeldelse af brud på persondatasikkerheden");
        var noAddition = await RunAsync(T("notify", id));
        noAddition.Exit.ShouldBe(2);
        noAddition.Err.ShouldStartWith("lethe: ");
        noAddition.Err.ShouldContain("added");
        var phase = await RunAsync(T("notify", id, "--added", "All letters were delivered", "--measures", "Letters sent"));
        phase.Exit.ShouldBe(0, phase.Err);
        phase.Out.ShouldContain("All letters were delivered");
        (await RunAsync(T("show", id))).Out.ShouldContain("part 2 (da)");
        (await RunAsync(T("show", id))).Out.ShouldContain($"letters:     {invoiced} (da={invoiced})");
        (await RunAsync(T("close", id))).Out.ShouldContain($"Closed breach {id}.");
    }

    [Theory]
    [InlineData(new[] { "letters", "00000000-0000-0000-0000-000000000001" }, "either --dry-run", 2)]
    [InlineData(new[] { "letters", "00000000-0000-0000-0000-000000000001", "--dry-run", "--send" }, "either --dry-run", 2)]
    [InlineData(new[] { "show", "not-a-guid" }, "not-a-guid", 2)]
    [InlineData(new[] { "show", "00000000-0000-0000-0000-000000000001" }, "No breach '00000000-0000-0000-0000-000000000001' exists", 1)]
    [InlineData(new[] { "register", "--aware-at", "yesterday", "--description", "x", "--affected", "erp" }, "ISO 8601", 2)]
    [InlineData(new[] { "register", "--aware-at", "2020-01-01T10:00Z", "--description", "x", "--affected", "erp.db.nothing" }, "'erp.db.nothing' is not a system", 2)]
    [InlineData(new[] { "assess", "00000000-0000-0000-0000-000000000001", "--risk", "huge", "--reasons", "x" }, "Use one of unlikely, risk, high_risk.", 2)]
    public async Task Bad_input_is_one_line_on_stderr_and_a_non_zero_exit(string[] args, string expected, int exit)
    {
        var (db, _, slug) = await ShopAsync(DatabaseProvider.Sqlite);
        await using var _ = db;

        var result = await RunAsync([.. db.CliOptions, "breach", .. args, "--tenant", slug]);

        result.Exit.ShouldBe(exit, result.Out + result.Err);
        result.Err.ShouldStartWith("lethe: ");
        result.Err.ShouldContain(expected);
        result.Err.TrimEnd().ShouldNotContain("\n");
    }

    [GeneratedRegex("Registered breach ([0-9a-f-]{36})")]
    private static partial Regex BreachId();
}
