using System.Globalization;
using System.IO.Compression;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests.Answers;

/// <summary>The answer a person fetches: made when the request completes, encrypted, downloadable for 14 days, then gone with its key.</summary>
public sealed class AnswerPackagesTests
{
    private static async Task<StoredAnswer> PackageOfAsync(RequestFixture f, Guid id)
    {
        (await f.Db.Services.GetRequiredService<PackageWorker>().RunDueAsync(default)).ShouldBe(1, "the one completed request's package");
        await using var scope = f.Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<AnswerPackages>().FindAsync(f.Tenant, id, default))!;
    }

    /// <summary>The PBX of three employees, and an access request for the first of them, approved (its step not yet run).</summary>
    private static async Task<(RequestFixture F, Guid Id)> PbxAccessAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        return (f, await ApprovedAccessAsync(f));
    }

    /// <summary>As <see cref="PbxAccessAsync"/>, its step run and TDC's forwarded step closed: completed, its package due.</summary>
    private static async Task<(RequestFixture F, Guid Id)> CompletedPbxAccessAsync(DatabaseProvider provider)
    {
        var (f, id) = await PbxAccessAsync(provider);
        await f.RunWorkerAsync();
        (await f.ConfirmForwardedAsync(id)).ShouldHaveSingleItem().ForwardedTo.ShouldBe("TDC Holding A/S");
        return (f, id);
    }

    private static async Task<Guid> ApprovedAccessAsync(RequestFixture f)
    {
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        return (await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!))).Request.Id;
    }

    private static async Task<Outcome<(Stream Zip, string FileName)>> OpenAsync(RequestFixture f, Guid id)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<AnswerPackages>().OpenAsync(f.Tenant, id, default);
    }

    private static async Task<string> EntryAsync(Stream zip, string name)
    {
        using var archive = new ZipArchive(zip);
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_package_of_an_erasure_lists_the_invoices_kept_and_the_day_their_hold_ends(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 40);
        var (_, number, lastHold) = await f.CustomerWithHeldInvoicesAsync();
        var request = await f.CreateAsync(RequestType.Erasure, new Identity("customer_number", number));
        await f.RunWorkerAsync();
        // Nets receives the billing system's data: the erasure is complete once Nets confirms it.
        (await f.ConfirmForwardedAsync(request.Request.Id)).ShouldHaveSingleItem().ForwardedTo.ShouldBe("Nets Denmark A/S");
        var deferred = await f.DeferredAsync(request.Request.Id);
        deferred.ShouldNotBeEmpty();

        var stored = await PackageOfAsync(f, request.Request.Id);

        stored.ExpiresAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime + AnswerPackages.Lifetime);
        var file = Path.Combine(f.Db.Settings.DataDirectory, stored.Path);
        File.Exists(file).ShouldBeTrue();
        // At rest the file is ciphertext: not a ZIP, and the customer number is nowhere in it.
        var raw = await File.ReadAllBytesAsync(file);
        raw.Take(2).ShouldNotBe("PK"u8.ToArray());
        System.Text.Encoding.Latin1.GetString(raw).ShouldNotContain(number);
        var opened = await OpenAsync(f, request.Request.Id);
        opened.Succeeded.ShouldBeTrue(opened.Failure?.Detail);
        var report = await EntryAsync(opened.Value.Zip, "report.md");
        report.ShouldContain("# Answer to your request for erasure");
        report.ShouldContain("## What we kept, until when and why");
        var kept = report.Split('\n').Where(l => l.Contains("invoices", StringComparison.Ordinal) && l.Contains("kept until", StringComparison.Ordinal)).ToList();
        kept.ShouldNotBeEmpty(report);
        deferred.Max(d => d.Due).ShouldBe(lastHold);
        kept.ShouldContain(l => l.Contains(lastHold.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")), StringComparison.Ordinal), report);
        report.ShouldContain("Bogføringsloven");
        await opened.Value.Zip.DisposeAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_access_package_names_what_was_found_with_Art_15_content_and_is_gone_with_its_key_after_14_days(DatabaseProvider provider)
    {
        var (f, id) = await PbxAccessAsync(provider);
        await f.RunWorkerAsync();
        (await f.FindAsync(id)).Request.Status.ShouldBe(RequestStatus.AwaitingExternal, "TDC, which receives the PBX's data, has not answered");
        await f.ConfirmForwardedAsync(id, "TDC holds your call records for six months; they sent them to us and they are in this answer.");
        (await f.FindAsync(id)).Request.Status.ShouldBe(RequestStatus.Completed);
        var stored = await PackageOfAsync(f, id);

        var opened = await OpenAsync(f, id);
        using (var archive = new ZipArchive(opened.Value.Zip))
        {
            archive.Entries.Select(e => e.FullName).ShouldContain("report.html");
            archive.Entries.Select(e => e.FullName).ShouldContain(n => n.EndsWith("/employees.json", StringComparison.Ordinal));
            using var reader = new StreamReader(archive.GetEntry("report.md")!.Open());
            var report = await reader.ReadToEndAsync();
            report.ShouldContain("## The data we hold about you");
            report.ShouldContain("employees**: 1 record (");
            report.ShouldContain("TDC Holding A/S: TDC holds your call records for six months");
            foreach (var heading in new[] { "Where the data comes from", "Automated decisions", "What data we process and why", "Recipients", "Your rights", "Datatilsynet" })
            {
                report.ShouldContain(heading, Case.Insensitive, heading);
            }
        }

        // Day 14 has passed: the package and its key are erased, and the link finds nothing.
        f.Clock.Advance(AnswerPackages.Lifetime + TimeSpan.FromMinutes(1));
        (await OpenAsync(f, id)).Failure.ShouldBeOfType<NotFound>();
        (await f.Db.Services.GetRequiredService<PackageWorker>().RunDueAsync(default)).ShouldBe(1);
        File.Exists(Path.Combine(f.Db.Settings.DataDirectory, stored.Path)).ShouldBeFalse();
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var after = await db.StoredAnswers.IgnoreQueryFilters().SingleAsync(a => a.RequestId == id);
        after.Key.ShouldBeNull();
        after.DeletedAt.ShouldNotBeNull();
        after.Downloads.ShouldBe(1);
        (await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Target == $"request:{id}").Select(a => a.Action).ToListAsync())
            .ShouldContain(AuditActions.RequestPackageStored);
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.RequestPackageDownloaded && a.Target == $"request:{id}")).ShouldBe(1);
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.RequestPackageExpired && a.Target == $"request:{id}")).ShouldBe(1);
        // A completed request whose package expired is not made again.
        (await f.Db.Services.GetRequiredService<PackageWorker>().RunDueAsync(default)).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Workers_woken_together_make_a_package_once_with_one_mail(DatabaseProvider provider)
    {
        var (f, id) = await CompletedPbxAccessAsync(provider);
        var worker = f.Db.Services.GetRequiredService<PackageWorker>();

        // As servers woken by one notification: each finds the same request due.
        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => worker.RunDueAsync(default))));

        made.Sum().ShouldBe(1);
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.StoredAnswers.IgnoreQueryFilters().CountAsync(a => a.RequestId == id)).ShouldBe(1);
        (await db.PackageFailures.IgnoreQueryFilters().CountAsync(p => p.RequestId == id)).ShouldBe(0);
        // The person's mail is queued in the same transaction as this entry: one entry, one mail.
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.RequestPackageStored && a.Target == $"request:{id}")).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_worker_whose_claim_ran_out_leaves_the_package_stored_first_as_it_was(DatabaseProvider provider)
    {
        var (f, id) = await CompletedPbxAccessAsync(provider);
        var first = await PackageOfAsync(f, id);

        // A second worker that took its claim before the first stored the package, and made it too, slowly.
        StoredAnswer second;
        await using (var scope = f.Db.Scope())
        {
            var built = await scope.ServiceProvider.GetRequiredService<AnswerPackages>().BuildAsync(id, default);
            built.Succeeded.ShouldBeTrue(built.Failure?.Detail);
            second = built.Value;
        }

        second.Id.ShouldBe(first.Id, "the package stored first stands");
        Directory.GetFiles(Path.GetDirectoryName(Path.Combine(f.Db.Settings.DataDirectory, first.Path))!).Length.ShouldBe(1, "the second worker's file is gone");
        var opened = await OpenAsync(f, id);
        opened.Succeeded.ShouldBeTrue(opened.Failure?.Detail);
        (await EntryAsync(opened.Value.Zip, "report.md")).ShouldContain("## The data we hold about you");
        await opened.Value.Zip.DisposeAsync();
        await using var check = f.Db.Scope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(a => a.Action == AuditActions.RequestPackageStored && a.Target == $"request:{id}")).ShouldBe(1, "and so one mail");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_round_makes_every_package_due_not_only_one_batch(DatabaseProvider provider)
    {
        var (f, first) = await PbxAccessAsync(provider);
        var ids = new List<Guid> { first };
        for (var i = 1; i < 25; i++)
        {
            ids.Add(await ApprovedAccessAsync(f));
        }

        // Each waits for TDC once its step has run; TDC confirms them all at once.
        await f.RunWorkerAsync();
        foreach (var id in ids)
        {
            await f.ConfirmForwardedAsync(id);
        }

        // A burst of completions: the round that the last one wakes must not leave packages to the timed round.
        await f.Db.Services.GetRequiredService<RequestRound>().RunAsync(default);

        await using var scope = f.Db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().StoredAnswers.IgnoreQueryFilters().CountAsync(a => ids.Contains(a.RequestId))).ShouldBe(25);
    }
}
