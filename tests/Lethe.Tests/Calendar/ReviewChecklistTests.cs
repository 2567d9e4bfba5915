using Lethe.Reviews;
using Lethe.Retention;
using Lethe.Scanning;
using Lethe.Tests.DataMap;
using Lethe.Work;

namespace Lethe.Tests.Calendar;

public sealed class ReviewChecklistTests
{
    private static ScanFinding Finding(string column, DetectorKind kind, bool described, string? category) => new()
    {
        Datastore = "ledger.db", Table = "clients", Column = column, Kind = kind, Described = described, Category = category, Rows = 7, Matches = 9,
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_checklist_lists_every_system_activity_rule_and_processor_of_the_data_map_in_its_order(string sample)
    {
        var manifest = ManifestFiles.Sample(sample);

        var entries = ReviewChecklist.From(manifest, [], [], null);

        entries.Select(e => (e.Kind, e.Key)).ShouldBe([
            .. manifest.Systems.Select(s => (ReviewItemKind.System, s.Key)),
            .. manifest.Activities.Select(a => (ReviewItemKind.Activity, a.Key)),
            .. manifest.RetentionRules.Select(r => (ReviewItemKind.RetentionRule, r.Key)),
            .. manifest.Processors.Select(p => (ReviewItemKind.Processor, p.Key)),
        ]);
        entries.ShouldAllBe(e => e.Label.Length > 0);
    }

    public static TheoryData<string> Samples() => new(ManifestFiles.Samples().Select(p => Path.GetFileName(Path.GetDirectoryName(p)!)));

    [Fact]
    public void Labels_are_in_the_tenant_s_own_language()
    {
        var manifest = ManifestFiles.Sample("flex-as");
        ReviewChecklist.From(manifest, [], [], null).First().Label.ShouldStartWith("Regnskaps- og lønnssystem");
    }

    [Fact]
    public void Only_findings_the_data_map_does_not_already_say_are_asked_about()
    {
        var manifest = ManifestFiles.Sample("flex-as");
        ScanFinding[] findings =
        [
            Finding("email", DetectorKind.Email, described: true, "contact.email"),
            Finding("notes", DetectorKind.Cpr, described: false, null),
            Finding("phone", DetectorKind.Cpr, described: true, "contact.phone"),
        ];

        var asked = ReviewChecklist.From(manifest, findings, [], null).Where(e => e.Kind == ReviewItemKind.ScanFinding).Select(e => e.Key).ToList();

        asked.ShouldBe(["ledger.db.clients.notes:cpr", "ledger.db.clients.phone:cpr"]);
        // flex-as is Norwegian: the finding's line names what was found in its words.
        ReviewChecklist.From(manifest, findings, [], null).First(e => e.Kind == ReviewItemKind.ScanFinding).Label
            .ShouldBe("ledger.db.clients.notes: danske personnumre (CPR) i 7 rad(er)");
    }

    [Fact]
    public void Failed_jobs_and_a_retention_run_with_failing_rules_are_items_but_a_clean_run_is_not()
    {
        var manifest = ManifestFiles.Sample("small-business");
        var job = new StalledJob(JobKind.Message, Guid.CreateVersion7(), null, null, "request-received", 9, "SMTP refused", null, GaveUp: true);
        var failedRun = new RetentionRun { Day = new DateOnly(2026, 11, 30), StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Errors = 2 };
        var cleanRun = new RetentionRun { Day = new DateOnly(2026, 11, 30), StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow };

        var failed = ReviewChecklist.From(manifest, [], [job], failedRun).Where(e => e.Kind == ReviewItemKind.FailedJob).ToList();
        var clean = ReviewChecklist.From(manifest, [], [], cleanRun).Where(e => e.Kind == ReviewItemKind.FailedJob).ToList();

        failed.Select(e => e.Key).ShouldBe([job.Name, $"retention-run {failedRun.Id}"]);
        // In the tenant's language (small-business is Danish), as the checklist's other lines.
        failed[0].Label.ShouldBe($"{job.Name} ({job.What}): opgivet efter 9 forsøg");
        failed[1].Label.ShouldBe("opbevaringskørslen 2026-11-30: 2 regel(er) fejlede");
        clean.ShouldBeEmpty();
    }
}
