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

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_check_in_words_says_each_line_in_the_readers_language_with_periods_in_words(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");

        async Task<T> Do<T>(Func<IServiceProvider, Task<T>> action)
        {
            await using var scope = db.Scope();
            return await action(scope.ServiceProvider);
        }

        await Do(sp => sp.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, SampleYaml("flexfone"), "f.yaml", default));
        await Do(sp => sp.GetRequiredService<NoticeCommands>().PublishAsync(tenant, AuditActor.System, default));
        var longer = SampleYaml("flexfone").Replace("    maximum: P90D", "    maximum: P180D", StringComparison.Ordinal);
        await Do(sp => sp.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, longer, "f.yaml", default));

        var drift = await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckInWordsAsync(tenant, "da", default));

        // The promise no longer true in the words of the data map it was published from; the new one in today's.
        drift.NoLongerTrue.ShouldBe(["Opbevaring af Optagede opkald: slettes senest efter 90 dage"]);
        drift.NotStated.ShouldContain("Opbevaring af Optagede opkald: slettes senest efter 180 dage");
        drift.NotStated.ShouldContain("i teksten på engelsk, perioden for Optagede opkald: »deleted at the latest after 180 days«");
        drift.NotStated.ShouldContain("i teksten på dansk, perioden for Optagede opkald: »slettes senest efter 180 dage«");
        drift.NoLongerTrue.Concat(drift.NotStated).ShouldAllBe(line => !line.Contains("P180D") && !line.Contains("lacks") && !line.Contains("retention "));

        // The API and the CLI keep the comparable lines.
        (await Do(sp => sp.GetRequiredService<NoticeCommands>().CheckAsync(tenant, default))).NoLongerTrue.ShouldBe(["retention call_recordings: minimum -, maximum P90D, delete"]);
    }

    [Fact]
    public void Every_fact_of_a_data_map_is_said_in_words_of_every_language_and_its_line_is_kept()
    {
        var manifest = DemoStore.Sample("flex4business");

        foreach (var language in Lethe.Localization.Texts.Languages)
        {
            var said = NoticeFacts.Said(manifest, language);
            said.Keys.Order(StringComparer.Ordinal).ShouldBe(NoticeFacts.Of(manifest).Distinct().Order(StringComparer.Ordinal));
            said.Values.ShouldAllBe(words => words.Length > 0 && !words.Contains("{") && !words.Contains("P90D"));
        }

        NoticeFacts.Of(manifest).ShouldContain("retention ip_logs: minimum -, maximum P90D, delete");
        NoticeFacts.Said(manifest, "da")["retention ip_logs: minimum -, maximum P90D, delete"].ShouldBe("Opbevaring af IP-adresser i sikkerhedslogge: slettes senest efter 90 dage");
        NoticeFacts.Said(manifest, "nb")["retention ip_logs: minimum -, maximum P90D, delete"].ShouldBe("Oppbevaring av IP-adresser i sikkerhetslogger: slettes senest etter 90 dager");
    }
}
