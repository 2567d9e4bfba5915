using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.DataMap;

public sealed class DataMapCommandsTests
{
    private static async Task<Lethe.Common.Outcome<DataMapImported>> ImportAsync(TestDatabase db, Lethe.Tenancy.Tenant tenant, string yaml)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "t.yaml", default);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Each_changed_import_is_a_new_revision_and_an_unchanged_one_is_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();

        var first = await ImportAsync(db, tenant, ManifestFiles.Minimal);
        var same = await ImportAsync(db, tenant, ManifestFiles.Minimal + "\n# only a comment differs\n");
        var changed = await ImportAsync(db, tenant, ManifestFiles.Minimal.Replace("maximum: P3Y", "maximum: P4Y", StringComparison.Ordinal));

        first.Value!.Revision.Revision.ShouldBe(1);
        same.Value!.Revision.Revision.ShouldBe(1);
        changed.Value!.Revision.Revision.ShouldBe(2);
        changed.Value.Revision.Sha256.ShouldNotBe(first.Value.Revision.Sha256);
        await using var scope = db.Scope();
        var current = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().CurrentAsync(tenant, default);
        current!.Yaml.ShouldContain("maximum: P4Y");
        var entries = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Action == AuditActions.DataMapImported).ToListAsync();
        entries.Select(e => e.Target).ShouldBe(["data-map:1", "data-map:2"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_preview_stores_nothing_and_a_confirmation_against_a_revision_since_replaced_is_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        (await ImportAsync(db, tenant, ManifestFiles.Minimal)).Succeeded.ShouldBeTrue();
        var mine = ManifestFiles.Minimal.Replace("maximum: P3Y", "maximum: P4Y", StringComparison.Ordinal);

        await using (var scope = db.Scope())
        {
            var dataMap = scope.ServiceProvider.GetRequiredService<DataMapCommands>();
            var preview = (await dataMap.PreviewAsync(tenant, mine, "t.yaml", default)).Value!;
            preview.AgainstRevision.ShouldBe(1);
            preview.Changes.ShouldBe([new ManifestChange(ChangeArea.RetentionRule, ChangeKind.Changed, "customer_data", ChangedPart.Maximum, "P3Y", "P4Y")]);
            preview.ChangesNothing.ShouldBeFalse();
            (await dataMap.CurrentAsync(tenant, default))!.Revision.ShouldBe(1);
        }

        // Someone else imports revision 2 before the officer confirms what they saw against revision 1.
        (await ImportAsync(db, tenant, ManifestFiles.Minimal.Replace("maximum: P3Y", "maximum: P5Y", StringComparison.Ordinal))).Value!.Revision.Revision.ShouldBe(2);
        await using (var scope = db.Scope())
        {
            var dataMap = scope.ServiceProvider.GetRequiredService<DataMapCommands>();
            var stale = await dataMap.ImportAsync(tenant, AuditActor.System, mine, "t.yaml", default, expectedRevision: 1);
            stale.Failure.ShouldBeOfType<Lethe.Common.Conflict>().Detail.ShouldContain("revision 2 is now in force");
            (await dataMap.CurrentAsync(tenant, default))!.Yaml.ShouldContain("maximum: P5Y");

            var confirmed = await dataMap.ImportAsync(tenant, AuditActor.System, mine, "t.yaml", default, expectedRevision: 2);
            confirmed.Value!.Revision.Revision.ShouldBe(3);
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_first_preview_is_against_no_revision(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        await using var scope = db.Scope();
        var dataMap = scope.ServiceProvider.GetRequiredService<DataMapCommands>();

        var preview = (await dataMap.PreviewAsync(tenant, ManifestFiles.Minimal, "t.yaml", default)).Value!;

        preview.AgainstRevision.ShouldBe(0);
        preview.Before.ShouldBe("");
        preview.Changes.ShouldContain(new ManifestChange(ChangeArea.System, ChangeKind.Added, "crm"));
        (await dataMap.ImportAsync(tenant, AuditActor.System, ManifestFiles.Minimal, "t.yaml", default, expectedRevision: 0)).Value!.Revision.Revision.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_invalid_manifest_stores_nothing_and_reports_every_error(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();

        var outcome = await ImportAsync(db, tenant, ManifestFiles.Minimal.Replace("legalBasis: contract", "legalBasis: whim", StringComparison.Ordinal)
            .Replace("country: DK", "country: SE", StringComparison.Ordinal));

        outcome.Failure.ShouldBeOfType<InvalidManifest>().Errors.Select(e => e.Field)
            .ShouldBe(["organization.country", "activities[0].legalBasis"], ignoreOrder: true);
        await using var scope = db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().DataMapRevisions.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_tenant_never_sees_another_tenants_data_map(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync();
        var b = await db.CreateTenantAsync();
        await ImportAsync(db, a, ManifestFiles.Minimal);

        await using var scope = db.Scope();
        (await scope.ServiceProvider.GetRequiredService<DataMapCommands>().CurrentAsync(b, default)).ShouldBeNull();
    }
}
