using Lethe.DataMap;
using Lethe.RiskAssessments;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Each system's risk assessment with its history, the data map's measures, and a DPIA warning where the data map suggests one.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class RisksModel(RiskCommands risks, DataMapCommands dataMap) : TenantPage
{
    public IReadOnlyList<SystemRisk> Systems { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<RiskAssessment>> History { get; private set; } = new Dictionary<string, IReadOnlyList<RiskAssessment>>();

    public IReadOnlyList<string> Measures { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>The system the form that failed was for, so its values are shown again.</summary>
    public string? Failed { get; private set; }

    [BindProperty]
    public int? Likelihood { get; set; }

    [BindProperty]
    public int? Impact { get; set; }

    [BindProperty]
    public int? ResidualLikelihood { get; set; }

    [BindProperty]
    public int? ResidualImpact { get; set; }

    [BindProperty]
    public string? Reasons { get; set; }

    [BindProperty]
    public string? OtherMeasures { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string system)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        var assessed = await risks.AssessAsync(Tenant, Actor, system, new RiskInput(Likelihood, Impact, ResidualLikelihood, ResidualImpact, Reasons, OtherMeasures), Aborted);
        if (assessed.Succeeded)
        {
            return Redirect($"/t/{Slug}/risks#system-{system}");
        }

        Failed = system;
        await LoadAsync();
        return FormFailed(assessed.Failure);
    }

    private async Task LoadAsync()
    {
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Systems = await risks.OverviewAsync(Tenant, language, Aborted);
        var history = new Dictionary<string, IReadOnlyList<RiskAssessment>>(StringComparer.Ordinal);
        foreach (var s in Systems)
        {
            history[s.System] = await risks.HistoryAsync(Tenant, s.System, Aborted) ?? [];
        }

        History = history;
        var manifest = await dataMap.CurrentManifestAsync(Tenant, Aborted);
        Measures = manifest?.SecurityMeasures.Select(m => manifest.Say(m, language)).ToList() ?? [];
        CanManage = await CanAsync(Permission.ReviewManage);
    }
}
