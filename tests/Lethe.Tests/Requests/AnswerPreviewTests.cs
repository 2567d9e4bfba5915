using System.IO.Compression;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>
/// The officer sees the answer exactly as the person will receive it, before it goes; a manual step's note to the
/// person goes into it as written, the internal note never does.
/// </summary>
public sealed class AnswerPreviewTests
{
    private const string Internal = "Binder 7 checked with Jens; the contract was in the wrong folder";

    private const string ToPerson = "Vi har makuleret den underskrevne papirkontrakt.";

    public static TheoryData<DatabaseProvider, RequestType> Cases()
    {
        var data = new TheoryData<DatabaseProvider, RequestType>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, RequestType.Access);
            data.Add(provider, RequestType.Erasure);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_preview_is_the_report_the_person_receives_with_the_note_to_them_and_without_the_internal_note(DatabaseProvider provider, RequestType type)
    {
        var f = await ShopAsync(provider);
        var customer = (await f.Store.QueryAsync("SELECT email, customer_number FROM customers ORDER BY id")).First();
        var officer = AuditActor.User("officer-1", "officer@company.test");
        Guid id;
        await using (var scope = f.Db.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(f.Tenant, AuditActor.System,
                new RequestInput(type.ToWire(), [new Identity("email", (string)customer[0]!), new Identity("customer_number", (string)customer[1]!)],
                    Language: "da", IdentityCheck: "checked by the test"), default);
            id = created.Value!.Request.Id;
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(f.Tenant, AuditActor.System, id, default)).Succeeded.ShouldBeTrue();
        }

        await f.RunWorkerAsync();
        var manual = (await f.FindAsync(id)).Steps.Single(s => s.Datastore == "paper_archive.binders");
        manual.Status.ShouldBe(StepStatus.Waiting);
        await using (var scope = f.Db.Scope())
        {
            var tasks = scope.ServiceProvider.GetRequiredService<ManualTasks>();
            (await tasks.CompleteAsync(f.Tenant, officer, id, manual.Id, Internal, new string('x', ManualTasks.MaxNote + 1), default))
                .Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["noteToPerson"]);
            var done = await tasks.CompleteAsync(f.Tenant, officer, id, manual.Id, Internal, $"  {ToPerson}\n", default);
            done.Value!.NoteToPerson.ShouldBe(ToPerson);
            done.Value.Note.ShouldBe(Internal);
        }

        await f.RunWorkerAsync();
        // The partner running the ERP receives its data: the agent closes that step once the partner confirms, telling the person.
        await f.ConfirmForwardedAsync(id, "Vores ERP-partner har bekræftet anmodningen.");
        var finished = await f.FindAsync(id);
        finished.Request.Status.ShouldBe(RequestStatus.Completed, string.Join(", ", finished.Steps.Select(s => $"{s.Datastore} {s.Status} {s.LastError}")));
        var (preview, previewZip) = await PreviewAsync(f, officer, id);

        preview.Language.ShouldBe("da");
        preview.Markdown.ShouldContain($"Underskrevne papirkontrakter i kontorets arkiv: {ToPerson}");
        preview.Markdown.ShouldContain("Partner running our order processing, invoicing and accounting systems: Vores ERP-partner har bekræftet anmodningen.");
        preview.Markdown.ShouldNotContain("The processor confirmed by e-mail.");
        preview.Markdown.ShouldNotContain("Binder 7");
        preview.Markdown.ShouldNotContain("looked up by hand");
        previewZip.Keys.ShouldContain("report.html");
        previewZip["report.md"].ShouldBe(preview.Markdown);
        previewZip["report.html"].ShouldContain("<html lang=\"da\">");

        (await f.Db.Services.GetRequiredService<PackageWorker>().RunDueAsync(default)).ShouldBe(1);
        await using (var scope = f.Db.Scope())
        {
            var opened = await scope.ServiceProvider.GetRequiredService<AnswerPackages>().OpenAsync(f.Tenant, id, default);
            var received = await EntriesAsync(opened.Value.Zip);
            received.Keys.Order().ShouldBe(previewZip.Keys.Order(), "the preview's ZIP holds what the person's does");
            received["report.md"].ShouldBe(preview.Markdown, "the person receives the report the officer previewed");
            var read = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
                .Where(e => e.Target == $"request:{id}" && e.Action == AuditActions.RequestAnswerRead && e.ActorId == "officer-1").CountAsync();
            read.ShouldBe(type == RequestType.Access ? 1 : 0, "reading the person's data for a preview is audited as the officer's");
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_note_from_before_notes_to_the_person_existed_stays_internal(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        var customer = (await f.Store.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First();
        var request = await f.CreateAsync(RequestType.Erasure, new Identity("customer_number", (string)customer[0]!));
        await f.RunWorkerAsync();
        await using (var scope = f.Db.Scope())
        {
            // As a step closed before the migration: only the one note, which was never written for the person.
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == request.Request.Id && s.Connector == DatastoreKind.Manual)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Done).SetProperty(s => s.Note, Internal));
        }

        var (preview, _) = await PreviewAsync(f, AuditActor.System, request.Request.Id);

        preview.Markdown.ShouldNotContain("Binder 7");
        preview.Markdown.ShouldNotContain("Underskrevne papirkontrakter i kontorets arkiv:");
    }

    /// <summary>The small-business sample: its ERP is a SQLite file whichever database Lethe itself runs on, beside the paper archive's manual task.</summary>
    private static async Task<RequestFixture> ShopAsync(DatabaseProvider provider)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.Start);
        var store = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "small-business", "erp", 3, now: clock.GetUtcNow());
        var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        var variable = "LETHE_TEST_DS_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, store.ConnectionString);
        var yaml = (await File.ReadAllTextAsync(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml")))
            .Replace("env:ERP_DATABASE", $"env:{variable}", StringComparison.Ordinal);
        await using (var scope = db.Scope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
            imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        }

        return new RequestFixture(db, tenant, store, clock, variable);
    }

    private static async Task<(AnswerPreview Preview, Dictionary<string, string> Zip)> PreviewAsync(RequestFixture f, AuditActor actor, Guid id)
    {
        await using var scope = f.Db.Scope();
        using var zip = new MemoryStream();
        var preview = await scope.ServiceProvider.GetRequiredService<AnswerPackages>().PreviewAsync(f.Tenant, actor, id, zip, default);
        preview.Succeeded.ShouldBeTrue(preview.Failure?.Detail);
        zip.Position = 0;
        return (preview.Value!, await EntriesAsync(zip));
    }

    private static async Task<Dictionary<string, string>> EntriesAsync(Stream zip)
    {
        await using (zip)
        {
            using var archive = new ZipArchive(zip);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries.Where(e => e.FullName.StartsWith("report.", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                entries[entry.FullName] = await reader.ReadToEndAsync();
            }

            return entries;
        }
    }
}
