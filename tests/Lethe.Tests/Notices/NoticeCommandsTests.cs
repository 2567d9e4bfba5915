using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Notices;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Notices;

public sealed class NoticeCommandsTests
{
    private static string SampleYaml(string name) =>
        File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml"));

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_check_reports_drift_after_a_retention_rule_changes_and_passes_after_republishing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");

        async Task<T> Do<T>(Func<IServiceProvider, Task<T>> action)
        {
            await using var scope = db.Scope();
            return await action(scope.ServiceProvider);
        }

        await Do(sp => sp.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, SampleYaml("flexfone"), "f.yaml", default));
        (await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckAsync(tenant, default))).PublishedVersion.ShouldBeNull();
        var first = await Do(sp => sp.GetRequiredService<NoticeCommands>().PublishAsync(tenant, AuditActor.System, default));
        first.Value!.Number.ShouldBe(1);
        (await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckAsync(tenant, default))).InStep.ShouldBeTrue();

        var longer = SampleYaml("flexfone").Replace("    maximum: P90D", "    maximum: P180D", StringComparison.Ordinal);
        (await Do(sp => sp.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, longer, "f.yaml", default))).Value!.Revision.Revision.ShouldBe(2);
        var drift = await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckAsync(tenant, default));

        drift.InStep.ShouldBeFalse();
        drift.NoLongerTrue.ShouldBe(["retention call_recordings: minimum -, maximum P90D, delete"]);
        drift.NotStated.ShouldContain("retention call_recordings: minimum -, maximum P180D, delete");
        drift.NotStated.ShouldContain(line => line.Contains("lacks the period of call_recordings", StringComparison.Ordinal));

        (await Do(sp => sp.GetRequiredService<NoticeCommands>().PublishAsync(tenant, AuditActor.System, default))).Value!.Number.ShouldBe(2);
        (await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckAsync(tenant, default))).InStep.ShouldBeTrue();
        var old = await Do(sp => sp.GetRequiredService<NoticeCommands>().VersionAsync(tenant, 1, default));
        NoticeCommands.Content(old!)["da"].ShouldContain("90 dage", Case.Sensitive, "old versions stay as they were published");
        NoticeCommands.Content(old!).Keys.ShouldBe(["en", "da"]);
    }
}
