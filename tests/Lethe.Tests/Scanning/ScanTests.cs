using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Scanning;

public sealed class ScanTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Every_planted_address_is_found_at_its_row_and_nothing_where_none_was_planted(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);

        var report = await f.ScanAsync();

        report.Finished.ShouldBeTrue();
        report.Tables.ShouldAllBe(t => t.Done && t.Error == null);
        report.Tables.Select(t => t.Table).ShouldBe(["customers", "notes", "products", "tickets"], ignoreOrder: true);
        report.Rows.ShouldBe(ScanFixture.Tickets + ScanFixture.Customers + 12 + 30);
        report.Findings.ShouldAllBe(x => x.Kind == DetectorKind.Email && x.Datastore == "support.db");
        report.Findings.Select(x => $"{x.Table}.{x.Column}").ShouldBe(["customers.email", "customers.remark", "notes.content", "tickets.body"], ignoreOrder: true);

        var body = report.Findings.Single(x => x.Column == "body");
        body.Rows.ShouldBe(ScanFixture.TicketsPlanted.Count);
        body.Matches.ShouldBe(ScanFixture.TicketsPlanted.Count);
        // The first rows in the table's order; each one a row where an address was planted.
        ScanFixture.ExampleKeys(body).ShouldBe(ScanFixture.TicketsPlanted.Take(ScanFinding.Examples));
        body.Described.ShouldBeTrue();
        body.Category.ShouldBe("communication.inquiry");
        ScanSuggestion.AdviceFor(body).ShouldBe(ScanAdvice.RetainOrMask);

        var notes = report.Findings.Single(x => x.Table == "notes");
        ScanFixture.ExampleKeys(notes).ShouldBe(ScanFixture.NotesPlanted);
        notes.Described.ShouldBeFalse();
        ScanSuggestion.AdviceFor(notes).ShouldBe(ScanAdvice.Describe);
        ScanSuggestion.Say(notes, "en").ShouldBe("notes.content holds e-mail addresses, but the data map does not describe it: describe it with the category E-mail address, so requests and retention reach it.");

        var remark = report.Findings.Single(x => x.Column == "remark");
        ScanFixture.ExampleKeys(remark).ShouldBe([ScanFixture.RemarkPlanted]);
        ScanSuggestion.AdviceFor(remark).ShouldBe(ScanAdvice.Describe);

        var email = report.Findings.Single(x => x.Column == "email");
        email.Rows.ShouldBe(ScanFixture.Customers);
        ScanFixture.ExampleKeys(email).ShouldBe([1, 2, 3, 4, 5]);
        ScanSuggestion.AdviceFor(email).ShouldBe(ScanAdvice.AsDescribed);
        ScanSuggestion.Say(body, "da").ShouldContain("tickets.body");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task No_planted_value_reaches_the_findings_the_progress_or_the_audit_log(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);
        var reported = new List<ScanProgress>();
        var report = await f.ScanAsync(progress: new Recorder(reported.Add));
        var finding = report.Findings.Single(x => x.Column == "body");
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<ScanMasking>().MaskAsync(f.Tenant, AuditActor.System, report.Run.Id, finding.Id, dryRun: false, default)).Succeeded.ShouldBeTrue();
        }

        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var stored = string.Join("\n",
                (await db.ScanFindings.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x))
                .Concat((await db.ScanTables.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x)))
                .Concat((await db.ScanRuns.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x)))
                .Concat((await db.AuditEntries.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x)))
                .Concat(reported.Select(x => x.ToString())));
            stored.ShouldContain("scan.masked");
            stored.ShouldContain("tickets");
            foreach (var value in ScanFixture.Planted)
            {
                stored.ShouldNotContain(value);
            }

            stored.ShouldNotContain("eksempel.dk");
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_scan_stopped_mid_table_and_resumed_ends_with_the_same_findings_as_one_run_straight_through(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);
        var straight = await f.ScanAsync(new ScanInput(Parallel: 1));

        var run = await f.StartAsync(new ScanInput(Parallel: 1));
        using var stop = new CancellationTokenSource();
        var seen = new List<ScanProgress>();
        // Stops at the first checkpoint inside a table, after at least one table was read to its end.
        var progress = new Recorder(p =>
        {
            seen.Add(p);
            if (!p.Finished)
            {
                stop.Cancel();
            }
        });
        await Should.ThrowAsync<OperationCanceledException>(() => f.WorkAsync(run, progress, stop.Token));
        seen.ShouldContain(p => p.Finished);
        var stopped = await f.ReportAsync(run);
        stopped.Finished.ShouldBeFalse();
        stopped.Tables.ShouldContain(t => t.Table == "tickets" && !t.Done && t.Checkpoint != null && t.Rows > 0 && t.Rows < ScanFixture.Tickets);
        stopped.Tables.ShouldAllBe(t => t.LeasedUntil == null);

        (await f.WorkAsync(run)).ShouldBeTrue();

        var resumed = await f.ReportAsync(run);
        resumed.Rows.ShouldBe(straight.Rows);
        resumed.Bytes.ShouldBe(straight.Bytes);
        Summary(resumed).ShouldBe(Summary(straight));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_sample_reads_at_most_the_rows_asked_for_per_table(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);

        var report = await f.ScanAsync(new ScanInput(Sample: 100));

        report.Finished.ShouldBeTrue();
        report.Run.Sample.ShouldBe(100);
        report.Tables.Single(t => t.Table == "tickets").Rows.ShouldBeInRange(1, 100);
        report.Tables.Single(t => t.Table == "customers").Rows.ShouldBe(ScanFixture.Customers);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_masking_job_counts_first_then_replaces_only_the_addresses_and_a_new_scan_finds_none(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);
        var report = await f.ScanAsync();
        var finding = report.Findings.Single(x => x.Column == "body");
        var before = await f.QueryAsync("SELECT id, body FROM tickets ORDER BY id");

        MaskOutcome dry, done;
        await using (var scope = f.Db.Scope())
        {
            var masking = scope.ServiceProvider.GetRequiredService<ScanMasking>();
            dry = (await masking.MaskAsync(f.Tenant, AuditActor.System, report.Run.Id, finding.Id, dryRun: true, default)).Value!;
            (await f.QueryAsync("SELECT id, body FROM tickets ORDER BY id")).ShouldBe(before);
            done = (await masking.MaskAsync(f.Tenant, AuditActor.System, report.Run.Id, finding.Id, dryRun: false, default)).Value!;
        }

        dry.DryRun.ShouldBeTrue();
        dry.Rows.ShouldBe(ScanFixture.TicketsPlanted.Count);
        dry.Matches.ShouldBe(ScanFixture.TicketsPlanted.Count);
        done.Rows.ShouldBe(dry.Rows);
        var after = (await f.QueryAsync("SELECT id, body FROM tickets ORDER BY id")).ToDictionary(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), r => (string)r[1]!);
        foreach (var row in before)
        {
            var id = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
            after[id].ShouldBe(ScanFixture.TicketsPlanted.Contains(id)
                ? "Please write to [email removed] about the refund, not the old address."
                : (string)row[1]!);
        }

        var again = await f.ScanAsync(new ScanInput(Datastore: "support.db"));
        again.Findings.ShouldNotContain(x => x.Column == "body");
        again.Findings.ShouldContain(x => x.Column == "email");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Input_out_of_range_is_refused_with_the_field_named(DatabaseProvider provider)
    {
        var f = await ScanFixture.CreateAsync(provider);
        await using var scope = f.Db.Scope();
        var runner = scope.ServiceProvider.GetRequiredService<ScanRunner>();

        var failed = await runner.StartAsync(f.Tenant, AuditActor.System, new ScanInput(Datastore: "crm.db", Sample: 0, Parallel: 99), default);

        var invalid = failed.Failure.ShouldBeOfType<Lethe.Common.InvalidInput>();
        invalid.Errors.Keys.ShouldBe(["datastore", "sample", "parallel"], ignoreOrder: true);
        invalid.Errors["datastore"].Single().ShouldContain("support.db");
    }

    private static List<string> Summary(ScanReport report) =>
        report.Findings.Select(x => $"{x.Table}.{x.Column} {x.Kind} {x.Confidence} {x.Matches} {x.Rows} {x.ExampleKeys}").Order(StringComparer.Ordinal).ToList();

    private sealed class Recorder(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }
}
