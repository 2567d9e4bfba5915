using Lethe.DataMap;
using Lethe.RiskAssessments;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Calendar;

public sealed class RiskAssessmentRulesTests
{
    [Theory]
    [InlineData(1, 1, RiskLevel.Low)]
    [InlineData(1, 3, RiskLevel.Low)]
    [InlineData(2, 2, RiskLevel.Medium)]
    [InlineData(4, 2, RiskLevel.Medium)]
    [InlineData(3, 3, RiskLevel.High)]
    [InlineData(4, 4, RiskLevel.High)]
    public void Likelihood_times_impact_gives_the_level(int likelihood, int impact, RiskLevel level) =>
        new RiskScore(likelihood, impact).Level.ShouldBe(level);

    [Fact]
    public void Every_score_on_the_scales_has_a_level_that_never_falls_as_either_axis_rises()
    {
        for (var l = RiskScore.Lowest; l <= RiskScore.Highest; l++)
        {
            for (var i = RiskScore.Lowest; i <= RiskScore.Highest; i++)
            {
                var here = new RiskScore(l, i).Level;
                if (l < RiskScore.Highest) { ((int)new RiskScore(l + 1, i).Level).ShouldBeGreaterThanOrEqualTo((int)here); }
                if (i < RiskScore.Highest) { ((int)new RiskScore(l, i + 1).Level).ShouldBeGreaterThanOrEqualTo((int)here); }
            }
        }

        RiskScore.InRange(0).ShouldBeFalse();
        RiskScore.InRange(5).ShouldBeFalse();
    }

    [Fact]
    public void National_ids_of_a_register_of_people_suggest_a_DPIA_where_they_are()
    {
        var manifest = ManifestFiles.Sample("flex-as");
        var reasons = DpiaCheck.For(manifest, manifest.Systems.Single(s => s.Key == "ledger"));

        reasons.Select(r => r.Signal).ShouldBe([DpiaSignal.NationalIds]);
        reasons[0].Where.ShouldBe(["db.employees.national_id"]);
    }

    [Fact]
    public void Call_recordings_and_usage_logs_are_systematic_monitoring()
    {
        var manifest = ManifestFiles.Sample("flexfone");
        var all = manifest.Systems.SelectMany(s => DpiaCheck.For(manifest, s)).ToList();

        all.ShouldContain(r => r.Signal == DpiaSignal.SystematicMonitoring && r.Where.Any(w => w.EndsWith("call_recordings.audio_file", StringComparison.Ordinal)));
        all.ShouldContain(r => r.Signal == DpiaSignal.SystematicMonitoring && r.Where.Any(w => w.EndsWith("usage_log.logged_at", StringComparison.Ordinal)));
        all.ShouldNotContain(r => r.Signal == DpiaSignal.NationalIds);
    }

    [Fact]
    public void A_special_category_the_data_map_marks_itself_suggests_a_DPIA_and_a_plain_system_suggests_none()
    {
        var manifest = ManifestFiles.Sample("small-business");
        DpiaCheck.For(manifest, manifest.Systems[0]).ShouldBeEmpty();

        var system = manifest.Systems[0];
        var store = system.Datastores[0];
        var collection = store.Collections[0];
        var withHealth = collection with { Fields = [.. collection.Fields, new Field { Name = "allergies", Category = "custom.allergies" }] };
        var changed = manifest with
        {
            DataCategories = [.. manifest.DataCategories, new DataCategory { Key = "custom.allergies", Name = "Allergies", Special = true }],
            Systems = [system with { Datastores = [store with { Collections = [withHealth, .. store.Collections.Skip(1)] }] }, .. manifest.Systems.Skip(1)],
        };

        var reasons = DpiaCheck.For(changed, changed.Systems[0]);
        reasons.Single().Signal.ShouldBe(DpiaSignal.SpecialCategories);
        reasons.Single().Where.ShouldBe([$"{store.Key}.{collection.Name}.allergies"]);
    }
}
