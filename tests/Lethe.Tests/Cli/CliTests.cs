using Lethe.Cli;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Cli;

public sealed class CliTests
{
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LetheCli.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A tenant "shop" with the small-business data map imported through the CLI, its ERP a fresh SQLite demo database.</summary>
    internal static async Task<DemoStore> ShopAsync(TestDatabase db, int people)
    {
        await db.CreateTenantAsync("shop");
        var erp = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "small-business", "erp", people);
        var variable = "LETHE_TEST_ERP_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, erp.ConnectionString);
        // The operator allows the tenant its variable, as the CLI reads configuration from the environment.
        Environment.SetEnvironmentVariable("Lethe__Datastores__AllowedReferences__shop", "env:LETHE_TEST_*");
        var manifest = Path.Combine(erp.Directory, "manifest.yaml");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml")))
            .Replace("env:ERP_DATABASE", $"env:{variable}", StringComparison.Ordinal));
        (await RunAsync([.. db.CliOptions, "manifest", "import", manifest, "--tenant", "shop"])).Exit.ShouldBe(0);
        return erp;
    }

    [Theory]
    [InlineData(new[] { "migrate", "--database", "oracle" }, "--database (LETHE_DATABASE) must be 'sqlite' or 'postgres'")]
    [InlineData(new[] { "migrate", "--database", "postgres" }, "needs --connection")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "users", "add", "--role", "Agent" }, "--email")]
    [InlineData(new[] { "users", "add", "--email", "a@b.dk", "--role", "Overlord" }, "--role must be one of")]
    [InlineData(new[] { "serve", "--urls", "ftp://x" }, "--urls (LETHE_URLS) must be http")]
    public async Task Bad_input_is_one_line_on_stderr_and_a_non_zero_exit(string[] args, string expected)
    {
        var (exit, _, err) = await RunAsync(args);

        exit.ShouldNotBe(0);
        err.ShouldStartWith("lethe: ");
        err.ShouldContain(expected);
        err.TrimEnd().ShouldNotContain("\n");
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "See 'lethe --help'.")]
    [InlineData(new[] { "users", "add", "--role", "Agent" }, "See 'lethe users add --help'.")]
    [InlineData(new[] { "request", "run", "--frob" }, "See 'lethe request run --help'.")]
    public async Task A_usage_error_points_to_the_help_of_the_command_being_typed(string[] args, string expected)
    {
        var (exit, _, err) = await RunAsync(args);

        exit.ShouldBe(2);
        err.TrimEnd().ShouldEndWith(expected);
    }

    [Fact]
    public async Task Migrate_on_a_data_directory_without_a_database_says_it_made_a_new_one_and_where()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lethe-new-" + Guid.NewGuid().ToString("N"), "data");
        try
        {
            var (exit, output, _) = await RunAsync("migrate", "--data", dir);

            exit.ShouldBe(0);
            output.ShouldStartWith($"Created a new, empty database at {Path.Combine(dir, "lethe.db")} and applied ");
            (await RunAsync("migrate", "--data", dir)).Out.ShouldBe("The database is up to date." + Environment.NewLine);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_postgres_is_one_line_naming_the_setting()
    {
        var (exit, _, err) = await RunAsync("migrate", "--database", "postgres", "--connection", "Host=127.0.0.1;Port=1;Timeout=2");

        exit.ShouldBe(1);
        err.ShouldStartWith("lethe: Cannot reach the PostgreSQL database given by --connection");
        err.TrimEnd().ShouldNotContain("\n");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Users_add_creates_the_person_and_audit_verify_then_passes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");

        var (exit, output, err) = await RunAsync([.. db.CliOptions, "users", "add", "--email", "po@flexfone.example", "--role", "PrivacyOfficer", "--tenant", "flexfone"]);
        exit.ShouldBe(0, err);
        output.ShouldContain("po@flexfone.example holds PrivacyOfficer in flexfone");
        output.ShouldContain("One-time password");

        var verify = await RunAsync([.. db.CliOptions, "audit", "verify"]);
        verify.Exit.ShouldBe(0, verify.Err);
        verify.Out.ShouldContain("intact");
        tenant.Slug.ShouldBe("flexfone");
    }

    [Theory]
    [MemberData(nameof(Lethe.Tests.Audit.AuditLogTests.Tampering), MemberType = typeof(Lethe.Tests.Audit.AuditLogTests))]
    public async Task Audit_verify_exits_1_and_names_the_entry_that_was_changed_removed_or_reordered(
        DatabaseProvider provider, string tamper, string named)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(5);
        (await RunAsync([.. db.CliOptions, "audit", "verify"])).Exit.ShouldBe(0);

        await db.ExecuteSqlAsync(tamper);
        var (exit, output, _) = await RunAsync([.. db.CliOptions, "audit", "verify"]);

        exit.ShouldBe(1);
        output.ShouldContain("NOT intact");
        output.ShouldContain(named);
    }

    [Fact]
    public async Task Audit_head_and_verify_with_the_head_agree()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.AppendAuditAsync(2);

        var head = await RunAsync([.. db.CliOptions, "audit", "head"]);
        head.Exit.ShouldBe(0);
        var hash = head.Out.Trim().Split(' ')[1];

        (await RunAsync([.. db.CliOptions, "audit", "verify", "--head", hash])).Exit.ShouldBe(0);
        (await RunAsync([.. db.CliOptions, "audit", "verify", "--head", head.Out.Trim()])).Exit.ShouldBe(0, "the whole line 'audit head' printed");
        (await RunAsync([.. db.CliOptions, "audit", "verify", "--head", hash.ToUpperInvariant()])).Exit.ShouldBe(0);
        (await RunAsync([.. db.CliOptions, "audit", "verify", "--head", new string('a', 64)])).Exit.ShouldBe(1);

        // A mistyped head is a usage error, not a rewritten log.
        var typo = await RunAsync([.. db.CliOptions, "audit", "verify", "--head", "zzz"]);
        typo.Exit.ShouldBe(2);
        typo.Out.ShouldNotContain("NOT intact");
        typo.Err.Trim().ShouldBe("lethe: --head 'zzz' is not a head hash: give the 64 hexadecimal characters 'lethe audit head' printed after the entry number.");
    }

    [Fact]
    public async Task A_platform_role_named_with_a_tenant_is_refused_not_granted_everywhere()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.CreateTenantAsync("flexfone");

        var refused = await RunAsync([.. db.CliOptions, "users", "add", "--email", "a@b.dk", "--role", "PlatformAdmin", "--tenant", "flexfone"]);

        refused.Exit.ShouldNotBe(0);
        refused.Err.ShouldContain("The role PlatformAdmin is not held in a tenant");
        var list = await RunAsync([.. db.CliOptions, "users", "list"]);
        list.Out.ShouldNotContain("a@b.dk");
    }

    [Fact]
    public async Task Exporting_to_an_existing_file_keeps_it_unless_forced()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.CreateTenantAsync("flex4business");
        var sample = Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml");
        (await RunAsync([.. db.CliOptions, "manifest", "import", sample, "--tenant", "flex4business"])).Exit.ShouldBe(0);
        var kept = Path.Combine(db.Settings.DataDirectory, "README.md");
        await File.WriteAllTextAsync(kept, "keep me");

        var refused = await RunAsync([.. db.CliOptions, "manifest", "export", "--tenant", "flex4business", "--out", kept]);
        refused.Exit.ShouldBe(2);
        refused.Err.ShouldContain("exists; give another --out, or add --force");
        (await File.ReadAllTextAsync(kept)).ShouldBe("keep me");
        (await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flex4business", "--out", kept])).Exit.ShouldBe(2);
        (await File.ReadAllTextAsync(kept)).ShouldBe("keep me");
        (await RunAsync([.. db.CliOptions, "manifest", "export", "--tenant", "flex4business", "--out", Path.Combine(kept + ".d", "x.yaml")])).Err
            .ShouldContain("for --out does not exist");

        var forced = await RunAsync([.. db.CliOptions, "manifest", "export", "--tenant", "flex4business", "--out", kept, "--force"]);
        forced.Exit.ShouldBe(0, forced.Err);
        (await File.ReadAllTextAsync(kept)).ShouldContain("flex4business");
    }

    [Fact]
    public async Task Audit_verify_on_an_empty_directory_says_to_migrate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lethe-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var (exit, _, err) = await RunAsync("audit", "verify", "--data", dir);
        exit.ShouldBe(1);
        err.ShouldContain("lethe migrate");
    }

    [Fact]
    public async Task Manifest_validate_lists_every_error_with_its_position_and_exits_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Lethe.Tests.DataMap.ManifestFiles.Minimal
            .Replace("legalBasis: contract", "legalBasis: whim", StringComparison.Ordinal)
            .Replace("category: contact.email", "category: contact.mail", StringComparison.Ordinal));

        var (exit, _, err) = await RunAsync("manifest", "validate", file);

        exit.ShouldBe(1);
        var lines = err.TrimEnd().Split('\n');
        lines.Length.ShouldBe(2);
        lines[0].ShouldStartWith($"{file}:24:27: systems[0].datastores[0].collections[0].fields[1].category: ");
        lines[1].ShouldStartWith($"{file}:32:17: activities[0].legalBasis: 'whim' is not valid here");
        File.Delete(file);
    }

    [Theory]
    [InlineData("lethe: ", "[", "]", ":1:71: (file): nests lists and mappings more than 64 levels deep")]
    [InlineData("lethe:\n", "- ", "", ":2:127: (file): nests lists and mappings more than 64 levels deep")]
    public async Task Manifest_validate_of_a_file_nested_50000_deep_is_one_line_and_exit_1(string start, string open, string close, string expected)
    {
        // Before the limit, this aborted the process with a stack overflow (exit 134) and no word of which file.
        var file = Path.Combine(Path.GetTempPath(), $"deep-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, start + string.Concat(Enumerable.Repeat(open, 50_000)) + "x" + string.Concat(Enumerable.Repeat(close, 50_000)));

        var (exit, _, err) = await RunAsync("manifest", "validate", file);

        exit.ShouldBe(1);
        err.TrimEnd().ShouldNotContain("\n");
        err.ShouldStartWith(file + expected);
        File.Delete(file);
    }

    [Fact]
    public async Task Manifest_validate_refuses_a_file_over_the_size_limit_without_reading_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"large-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "# " + new string('x', Lethe.DataMap.ManifestLimits.MaxBytes));

        var (exit, _, err) = await RunAsync("manifest", "validate", file);

        exit.ShouldBe(1);
        err.TrimEnd().ShouldBe($"lethe: the file '{file}' is 1,048,578 bytes; a manifest may be at most 1024 KiB.");
        File.Delete(file);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Manifest_import_then_export_gives_the_canonical_file_back(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("flex4business");
        var sample = Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml");

        (await RunAsync("manifest", "validate", sample)).Exit.ShouldBe(0);
        var import = await RunAsync([.. db.CliOptions, "manifest", "import", sample, "--tenant", "flex4business"]);
        import.Exit.ShouldBe(0, import.Err);
        import.Out.ShouldContain("revision 1");
        var export = await RunAsync([.. db.CliOptions, "manifest", "export", "--tenant", "flex4business"]);

        export.Exit.ShouldBe(0, export.Err);
        var canonical = Lethe.DataMap.ManifestWriter.Write(Lethe.DataMap.ManifestReader.Read(await File.ReadAllTextAsync(sample), "s").Manifest!);
        export.Out.ShouldBe(canonical);
        (await RunAsync([.. db.CliOptions, "manifest", "export", "--tenant", "nobody"])).Err.ShouldContain("--tenant 'nobody' does not exist");
    }

    [Fact]
    public async Task Ropa_export_writes_the_record_and_refuses_what_it_cannot_do()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.CreateTenantAsync("flexfone");
        var sample = Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "flexfone", "manifest.yaml");
        (await RunAsync([.. db.CliOptions, "manifest", "import", sample, "--tenant", "flexfone"])).Exit.ShouldBe(0);

        var csv = await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flexfone", "--language", "da"]);
        csv.Exit.ShouldBe(0, csv.Err);
        csv.Out.ShouldStartWith("Dataansvarlig og kontaktoplysninger,");
        csv.Out.ShouldContain("statutory_logging");

        var xlsx = Path.Combine(db.Settings.DataDirectory, "ropa.xlsx");
        var written = await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flexfone", "--record", "processor", "--format", "xlsx", "--out", xlsx]);
        written.Exit.ShouldBe(0, written.Err);
        written.Out.ShouldContain("Wrote 1 processing activities");
        File.ReadAllBytes(xlsx).Take(2).ShouldBe("PK"u8.ToArray(), "an XLSX is a zip package");

        (await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flexfone", "--format", "xlsx"])).Err.ShouldContain("needs --out");
        (await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flexfone", "--format", "pdf"])).Err.ShouldContain("--format must be csv, xlsx or json");
        (await RunAsync([.. db.CliOptions, "ropa", "export", "--tenant", "flexfone", "--record", "joint"])).Err.ShouldContain("'joint' is not a record");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Notice_check_exits_1_on_drift_and_0_once_republished(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("small");
        var sample = await File.ReadAllTextAsync(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml"));
        var file = Path.Combine(db.Settings.DataDirectory, "small.yaml");
        Directory.CreateDirectory(db.Settings.DataDirectory);
        await File.WriteAllTextAsync(file, sample);
        (await RunAsync([.. db.CliOptions, "manifest", "import", file, "--tenant", "small"])).Exit.ShouldBe(0);
        (await RunAsync([.. db.CliOptions, "notice", "check", "--tenant", "small"])).Out.ShouldContain("has published no notice yet");
        (await RunAsync([.. db.CliOptions, "notice", "publish", "--tenant", "small"])).Out.ShouldContain("Published version 1");
        (await RunAsync([.. db.CliOptions, "notice", "check", "--tenant", "small"])).Exit.ShouldBe(0);

        await File.WriteAllTextAsync(file, sample.Replace("maximum: P5Y6M", "maximum: P6Y", StringComparison.Ordinal));
        (await RunAsync([.. db.CliOptions, "manifest", "import", file, "--tenant", "small"])).Exit.ShouldBe(0);
        var drifted = await RunAsync([.. db.CliOptions, "notice", "check", "--tenant", "small"]);

        drifted.Exit.ShouldBe(1);
        drifted.Out.ShouldContain("no longer true: retention bookkeeping: minimum P5Y, maximum P5Y6M, delete");
        drifted.Out.ShouldContain("not stated:     retention bookkeeping: minimum P5Y, maximum P6Y, delete");
        (await RunAsync([.. db.CliOptions, "notice", "publish", "--tenant", "small"])).Exit.ShouldBe(0);
        (await RunAsync([.. db.CliOptions, "notice", "check", "--tenant", "small"])).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Request_plan_prints_the_walk_and_its_SQL_for_every_SQL_datastore()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.CreateTenantAsync("flexfone");
        var sample = Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "flexfone", "manifest.yaml");
        (await RunAsync([.. db.CliOptions, "manifest", "import", sample, "--tenant", "flexfone"])).Exit.ShouldBe(0);

        var (exit, output, err) = await RunAsync([.. db.CliOptions, "request", "plan", "--tenant", "flexfone",
            "--identity", "extension=201", "--identity", "full_name=Åse Hansen", "--identity", "email=ase@example.dk"]);

        exit.ShouldBe(0, err);
        output.ShouldContain("pbx.db (postgres): 5 steps");
        output.ShouldContain("  employees: the person's, by identity\n    SELECT \"id\", \"customer_id\", ");
        output.ShouldContain(" FROM \"employees\" WHERE lower(trim(replace(replace(\"full_name\", '  ', ' '), '  ', ' '))) = @i0_0 AND \"extension\" = @i1_0");
        output.ShouldNotContain("SELECT *");
        output.ShouldContain("  customers: referenced by their employees (context, not walked from)");
        output.ShouldContain("  call_recordings: the person's, belonging to their employees through employee_id");
        output.ShouldContain("reseller_portal.db (postgres): 2 steps");
        output.ShouldNotContain("Åse", Case.Sensitive, "values are parameters, never printed into SQL");

        var bad = await RunAsync([.. db.CliOptions, "request", "plan", "--tenant", "flexfone", "--identity", "shoe_size=44"]);
        bad.Exit.ShouldBe(LetheCli.Usage);
        bad.Err.ShouldContain("--identity must be type=value");
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output, _) = await RunAsync("--help");
        exit.ShouldBe(0);
        foreach (var command in new[] { "serve", "migrate", "users", "tenants", "backup", "audit", "manifest", "secrets", "ropa", "notice", "demo", "request", "worker", "retention", "scan", "breach", "review" })
        {
            output.ShouldContain(command);
        }
    }

    [Fact]
    public async Task Request_help_names_the_types_as_the_command_accepts_them()
    {
        var (exit, output, _) = await RunAsync("request", "run", "--help");

        exit.ShouldBe(0);
        // The C# names (WithdrawConsent) are refused by --type; the help must offer what is accepted.
        // Name by name: the help wraps its lines at the terminal's width.
        foreach (var name in new[] { "access", "erasure", "rectification", "restriction", "portability", "objection", "withdraw_consent" })
        {
            output.ShouldContain(name);
        }

        output.ShouldNotContain("WithdrawConsent");
    }

    [Fact]
    public async Task Request_run_carries_out_an_access_request_and_writes_the_answer()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var erp = await ShopAsync(db, people: 5);
        var number = (string)(await erp.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;
        var zip = Path.Combine(erp.Directory, "answer.zip");

        var (exit, output, err) = await RunAsync([.. db.CliOptions, "request", "run", "--tenant", "shop", "--type", "access",
            "--identity", $"customer_number={number}", "--answer", zip, "--identity-check", "customer number read back on a recorded call"]);

        exit.ShouldBe(0, err);
        output.ShouldContain("erp.db (sqlite): done");
        output.ShouldContain("paper_archive.binders (manual): waiting for Office manager");
        using var archive = System.IO.Compression.ZipFile.OpenRead(zip);
        archive.GetEntry("erp.db/customers.json").ShouldNotBeNull();
        archive.GetEntry("erp.db/customers.csv").ShouldNotBeNull();

        var wrong = await RunAsync([.. db.CliOptions, "request", "run", "--tenant", "shop", "--type", "forget-me", "--identity", $"customer_number={number}",
            "--identity-check", "known caller"]);
        wrong.Exit.ShouldBe(LetheCli.Failed);
        wrong.Err.ShouldStartWith("lethe: ");
        wrong.Err.ShouldContain("must be one of access, erasure");
        wrong.Err.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Retention_plan_hold_and_run_work_from_the_command_line_and_bad_input_is_one_line()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var erp = await ShopAsync(db, people: 30);
        // Invoices whose bookkeeping period has ended are due, unless a collection hold keeps them; nothing references invoices.
        var before = Convert.ToInt64((await erp.QueryAsync("SELECT count(*) FROM invoices")).Single()[0], System.Globalization.CultureInfo.InvariantCulture);
        var old = await erp.AgeEveryOtherInvoiceAsync();
        old.ShouldBeGreaterThan(0);

        var plan = await RunAsync([.. db.CliOptions, "retention", "plan", "--tenant", "shop"]);
        plan.Exit.ShouldBe(0, plan.Err);
        plan.Out.ShouldMatch($@"bookkeeping\s+erp\.db\.invoices\s+delete\s+{old}\s");

        var hold = await RunAsync([.. db.CliOptions, "retention", "hold", "add", "--tenant", "shop", "--scope", "collection", "--collection", "erp.db.invoices", "--reason", "Tax audit 2026"]);
        hold.Exit.ShouldBe(0, hold.Err);
        (await RunAsync([.. db.CliOptions, "retention", "run", "--tenant", "shop"])).Exit.ShouldBe(0);
        Convert.ToInt64((await erp.QueryAsync("SELECT count(*) FROM invoices")).Single()[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(before);

        var id = System.Text.RegularExpressions.Regex.Match(hold.Out, "Hold ([0-9a-f-]{36})").Groups[1].Value;
        (await RunAsync([.. db.CliOptions, "retention", "hold", "release", "--tenant", "shop", "--id", id])).Exit.ShouldBe(0);
        var run = await RunAsync([.. db.CliOptions, "retention", "run", "--tenant", "shop", "--batch-size", "2"]);
        run.Exit.ShouldBe(0, run.Err);
        run.Out.ShouldContain($"bookkeeping (erp.db.invoices): {old} deleted");
        run.Out.ShouldContain("] " + old + "/" + old);
        Convert.ToInt64((await erp.QueryAsync("SELECT count(*) FROM invoices")).Single()[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(before - old);

        foreach (var (args, expected) in new (string[], string)[]
        {
            (["retention", "hold", "add", "--tenant", "shop", "--scope", "person", "--reason", "x"], "identities"),
            (["retention", "hold", "add", "--tenant", "shop", "--scope", "collection", "--collection", "erp.db.nope", "--reason", "x"], "system.datastore.collection"),
            (["retention", "hold", "add", "--tenant", "shop", "--scope", "tenant", "--reason", "x", "--until", "31-12-2030"], "--until must be a date"),
            (["retention", "hold", "release", "--tenant", "shop", "--id", Guid.NewGuid().ToString()], "No legal hold"),
            (["retention", "run", "--tenant", "shop", "--batch-size", "0"], "--batch-size"),
            (["retention", "plan", "--tenant", "nope"], "'nope' does not exist"),
        })
        {
            var bad = await RunAsync([.. db.CliOptions, .. args]);
            bad.Exit.ShouldNotBe(0, string.Join(' ', args));
            bad.Err.ShouldStartWith("lethe: ");
            bad.Err.ShouldContain(expected, Case.Insensitive);
            bad.Err.Trim().Split('\n').Length.ShouldBe(1);
        }
    }
}
