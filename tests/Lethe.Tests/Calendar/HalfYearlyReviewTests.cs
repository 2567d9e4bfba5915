using Lethe.Audit;
using Lethe.Calendar;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Reviews;
using Lethe.RiskAssessments;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Calendar;

/// <summary>The half-yearly review and the risk assessments against a real database, from the data maps Lethe ships.</summary>
public sealed class HalfYearlyReviewTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "dpo@example.test");

    public static TheoryData<DatabaseProvider, string> SamplesOnEachDatabase()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new Databases())
        {
            foreach (var sample in ManifestFiles.Samples().Select(p => Path.GetFileName(Path.GetDirectoryName(p)!)))
            {
                data.Add(provider, sample);
            }
        }

        return data;
    }

    private static async Task<(TestDatabase Db, Tenant Tenant, FakeTimeProvider Clock)> TenantWithSampleAsync(DatabaseProvider provider, string sample)
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        // Every reference points at a variable no one sets: the review reads the data map, never the datastores.
        var yaml = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml")),
            "env:([A-Z0-9_]+)", m => $"env:LETHE_TEST_UNSET_{m.Groups[1].Value}");
        await using var scope = db.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
        imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        return (db, tenant, clock);
    }

    private static async Task<T> WithAsync<T>(TestDatabase db, Func<ReviewCommands, Task<T>> act)
    {
        await using var scope = db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<ReviewCommands>());
    }

    [Theory]
    [MemberData(nameof(SamplesOnEachDatabase))]
    public async Task A_review_lists_exactly_the_sample_s_data_map_and_is_kept_as_evidence_once_completed(DatabaseProvider provider, string sample)
    {
        var (db, tenant, clock) = await TenantWithSampleAsync(provider, sample);
        await using var _ = db;
        var manifest = ManifestFiles.Sample(sample);

        var started = (await WithAsync(db, r => r.StartAsync(tenant, Officer, default))).Value.ShouldNotBeNull();

        started.Items.Select(i => (i.Kind, i.Key)).ShouldBe([
            .. manifest.Systems.Select(s => (ReviewItemKind.System, s.Key)),
            .. manifest.Activities.Select(a => (ReviewItemKind.Activity, a.Key)),
            .. manifest.RetentionRules.Select(r => (ReviewItemKind.RetentionRule, r.Key)),
            .. manifest.Processors.Select(p => (ReviewItemKind.Processor, p.Key)),
        ]);
        started.Items.Select(i => i.Position).ShouldBe(Enumerable.Range(1, started.Items.Count));
        var id = started.Review.Id;
        (await WithAsync(db, r => r.StartAsync(tenant, Officer, default))).Failure.ShouldBeOfType<Conflict>();
        (await WithAsync(db, r => r.CompleteAsync(tenant, Officer, id, null, default))).Failure.ShouldBeOfType<Conflict>();

        // "Changed" is no evidence without saying how.
        (await WithAsync(db, r => r.DecideAsync(tenant, Officer, id, "1", ItemDecision.Changed, " ", default))).Failure.ShouldBeOfType<InvalidInput>();
        (await WithAsync(db, r => r.DecideAsync(tenant, Officer, id, "system:no-such-system", ItemDecision.Confirmed, null, default))).Failure.ShouldBeOfType<NotFound>();
        clock.Advance(TimeSpan.FromHours(1));
        (await WithAsync(db, r => r.DecideAsync(tenant, Officer, id, "1", ItemDecision.Changed, "Datastore moved to the new host.", default))).Succeeded.ShouldBeTrue();
        foreach (var item in started.Items.Skip(1))
        {
            (await WithAsync(db, r => r.DecideAsync(tenant, Officer, id, item.Ref, ItemDecision.Confirmed, null, default))).Succeeded.ShouldBeTrue(item.Ref);
        }

        var completed = (await WithAsync(db, r => r.CompleteAsync(tenant, Officer, id, "All as described.", default))).Value.ShouldNotBeNull();
        completed.Review.Status.ShouldBe(ReviewStatus.Completed);
        (await WithAsync(db, r => r.DecideAsync(tenant, Officer, id, "2", ItemDecision.Changed, "late", default))).Failure.ShouldBeOfType<Conflict>();

        // The evidence, read back in a unit of work of its own.
        await using (var scope = db.Scope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(tenant.Id);
            var store = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var revision = await store.DataMapRevisions.SingleAsync();
            var kept = await store.Reviews.SingleAsync(r => r.Id == id);
            kept.CompletedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
            kept.CompletedBy.ShouldBe(Officer.Name);
            kept.DataMapRevision.ShouldBe(revision.Revision);
            kept.DataMapSha256.ShouldBe(revision.Sha256);
            kept.CompletedRevision.ShouldBe(revision.Revision);
            kept.Summary.ShouldBe("All as described.");
            var items = await store.ReviewItems.Where(i => i.ReviewId == id).OrderBy(i => i.Position).ToListAsync();
            items.Count.ShouldBe(started.Items.Count);
            items[0].Decision.ShouldBe(ItemDecision.Changed);
            items[0].Note.ShouldBe("Datastore moved to the new host.");
            items.Skip(1).ShouldAllBe(i => i.Decision == ItemDecision.Confirmed && i.DecidedBy == Officer.Name);
            var actions = await store.AuditEntries.Where(a => a.TenantId == tenant.Id && a.Target == $"review:{id}").Select(a => a.Action).ToListAsync();
            actions.ShouldContain(AuditActions.ReviewStarted);
            actions.Count(a => a == AuditActions.ReviewItemDecided).ShouldBe(items.Count);
            actions.ShouldContain(AuditActions.ReviewCompleted);

            // The next review is due six months after this one was completed, in the tenant's calendar.
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarQueries>().ForTenantAsync(tenant, default);
            var next = calendar.Single(d => d.Duty.Kind == DutyKind.HalfYearlyReview).Duty;
            next.LastDoneOn.ShouldBe(Recurrence.LocalDay(clock.GetUtcNow().UtcDateTime, tenant.Country));
            next.DueOn.ShouldBe(next.LastDoneOn!.Value.AddMonths(6));
            calendar.Count(d => d.Duty.Kind == DutyKind.RiskAssessment).ShouldBe(manifest.Systems.Count);
        }

        var report = ReviewReport.Html(completed, tenant, "da");
        report.ShouldContain("Halvårlig kontrol af behandlingen af personoplysninger");
        report.ShouldContain("Datastore moved to the new host.");
        foreach (var item in completed.Items)
        {
            report.ShouldContain($"<code>{item.Key}</code>");
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_review_started_several_times_at_once_is_started_once(DatabaseProvider provider)
    {
        var (db, tenant, _) = await TenantWithSampleAsync(provider, "flex-as");
        await using var _ = db;

        // A form sent four times at once: each passes the first check before any has saved.
        var tries = await Task.WhenAll(Enumerable.Range(0, 4).Select(attempt => Task.Run(() => WithAsync(db, r => r.StartAsync(tenant, Officer, default)))));

        tries.Count(t => t.Succeeded).ShouldBe(1);
        tries.Where(t => !t.Succeeded).ShouldAllBe(t => t.Failure is Conflict);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await context.Reviews.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenant.Id)).ShouldBe(1);
        (await context.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.ReviewStarted)).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_risk_assessment_keeps_the_data_map_s_measures_and_history_and_moves_the_system_s_duty(DatabaseProvider provider)
    {
        var (db, tenant, clock) = await TenantWithSampleAsync(provider, "flex-as");
        await using var _ = db;
        var manifest = ManifestFiles.Sample("flex-as");
        async Task<Outcome<RiskAssessment>> AssessAsync(RiskInput input)
        {
            await using var scope = db.Scope();
            return await scope.ServiceProvider.GetRequiredService<RiskCommands>().AssessAsync(tenant, Officer, "ledger", input, default);
        }

        var worse = await AssessAsync(new RiskInput(2, 3, 3, 3, "Measures cannot raise the likelihood.", null));
        worse.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["residualLikelihood"]);
        (await AssessAsync(new RiskInput(5, 3, 1, 1, "x", null))).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["likelihood"]);

        (await AssessAsync(new RiskInput(3, 4, 2, 3, "Payroll holds national ids; access is limited to two people.", null))).Succeeded.ShouldBeTrue();
        clock.Advance(TimeSpan.FromDays(40));
        var second = (await AssessAsync(new RiskInput(3, 4, 1, 3, "Two-factor sign-in added.", "Two-factor sign-in for payroll"))).Value.ShouldNotBeNull();
        second.Inherent.Level.ShouldBe(RiskLevel.High);
        second.Residual.Level.ShouldBe(RiskLevel.Low);
        second.Measures.Split('\n').ShouldBe(manifest.SecurityMeasures.Select(m => manifest.Say(m, manifest.DefaultLanguage)));
        second.DpiaSignals.ShouldBe("national_ids");

        await using var read = db.Scope();
        var risks = read.ServiceProvider.GetRequiredService<RiskCommands>();
        var history = (await risks.HistoryAsync(tenant, "ledger", default)).ShouldNotBeNull();
        history.Select(h => h.Reasons).ShouldBe(["Two-factor sign-in added.", "Payroll holds national ids; access is limited to two people."]);
        (await risks.HistoryAsync(tenant, "no-such-system", default)).ShouldBeNull();
        var overview = await risks.OverviewAsync(tenant, "nb", default);
        overview.Single().Latest.ShouldNotBeNull().Id.ShouldBe(second.Id);
        overview.Single().Dpia.Single().Signal.ShouldBe(DpiaSignal.NationalIds);
        var duty = (await read.ServiceProvider.GetRequiredService<CalendarQueries>().ForTenantAsync(tenant, default)).Single(d => d.Duty.Id == "risk-assessment:ledger").Duty;
        duty.DueOn.ShouldBe(Recurrence.LocalDay(clock.GetUtcNow().UtcDateTime, tenant.Country).AddYears(1));
        duty.Owner.User.ShouldBe(Officer.Name);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_duty_is_given_to_an_officer_of_the_tenant_and_back_audited_and_never_to_anyone_outside_it(DatabaseProvider provider)
    {
        var (db, tenant, _) = await TenantWithSampleAsync(provider, "flex-as");
        await using var _db = db;
        var other = await db.CreateTenantAsync("other");
        await db.GrantAsync("mette@flex.example", Role.PrivacyOfficer, tenant);
        await db.GrantAsync("agent@flex.example", Role.Agent, tenant);
        await db.GrantAsync("officer@other.example", Role.PrivacyOfficer, other);
        await db.GrantAsync("jens@flex.example", Role.PrivacyOfficer, tenant);
        async Task<Outcome<ScheduledDuty>> GiveAsync(string duty, string? owner)
        {
            await using var scope = db.Scope();
            return await scope.ServiceProvider.GetRequiredService<DutyAssignments>().AssignAsync(tenant, Officer, duty, owner, default);
        }

        var given = (await GiveAsync("risk-assessment:ledger", " Mette@Flex.example ")).Value.ShouldNotBeNull().Duty.Owner;
        (given.User, given.ByHand).ShouldBe(("mette@flex.example", true));
        (await GiveAsync("risk-assessment:ledger", "jens@flex.example")).Value.ShouldNotBeNull().Duty.Owner.User.ShouldBe("jens@flex.example");
        (await GiveAsync("risk-assessment:ledger", "mette@flex.example")).Succeeded.ShouldBeTrue();
        (await GiveAsync("risk-assessment:ledger", "officer@other.example")).Failure.ShouldBeOfType<InvalidInput>().Errors["owner"].Single()
            .ShouldStartWith("officer@other.example holds no role in");
        (await GiveAsync("risk-assessment:ledger", "agent@flex.example")).Failure.ShouldBeOfType<InvalidInput>().Errors["owner"].Single()
            .ShouldContain("may not carry out reviews or risk assessments");
        (await GiveAsync("risk-assessment:nowhere", "mette@flex.example")).Failure.ShouldBeOfType<NotFound>();

        await using (var read = db.Scope())
        {
            var duties = await read.ServiceProvider.GetRequiredService<CalendarQueries>().ForTenantAsync(tenant, default);
            duties.Where(d => d.Duty.Owner.ByHand).Select(d => (d.Duty.Id, d.Duty.Owner.User)).ShouldBe([("risk-assessment:ledger", "mette@flex.example")]);
        }

        // Mette leaves the tenant: the duty goes back to the officers.
        await using (var leave = db.Scope())
        {
            var roles = leave.ServiceProvider.GetRequiredService<LetheDbContext>();
            var mette = await roles.Users.SingleAsync(u => u.Email == "mette@flex.example");
            roles.RoleAssignments.RemoveRange(await roles.RoleAssignments.Where(a => a.TenantId == tenant.Id && a.UserId == mette.Id).ToListAsync());
            await roles.SaveChangesAsync();
            (await leave.ServiceProvider.GetRequiredService<CalendarQueries>().ForTenantAsync(tenant, default))
                .Single(d => d.Duty.Id == "risk-assessment:ledger").Duty.Owner.ShouldBe(DutyOwner.Officer);
        }

        await db.GrantAsync("mette@flex.example", Role.PrivacyOfficer, tenant);
        (await GiveAsync("risk-assessment:ledger", null)).Value.ShouldNotBeNull().Duty.Owner.ShouldBe(DutyOwner.Officer);
        await using var check = db.Scope();
        var store = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await store.DutyAssignments.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        var audited = await store.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == AuditActions.DutyAssigned).OrderBy(a => a.Sequence).ToListAsync();
        audited.ShouldAllBe(a => a.TenantId == tenant.Id && a.Target == "duty:risk-assessment:ledger");
        audited.Select(a => System.Text.Json.JsonDocument.Parse(a.Details).RootElement)
            .Select(d => (d.TryGetProperty("before", out var b) ? b.GetString() : null, d.TryGetProperty("owner", out var o) ? o.GetString() : null))
            .ShouldBe([(null, "mette@flex.example"), ("mette@flex.example", "jens@flex.example"), ("jens@flex.example", "mette@flex.example"), ("mette@flex.example", null)],
                "each change with the owner before it; the refused ones left nothing");
    }
}
