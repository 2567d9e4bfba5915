using System.Globalization;
using Lethe.Localization;
using Lethe.Scanning;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Scan: the newest scan's findings with what to change in the data map, starting a scan, and masking a finding after counting.</summary>
[Authorize(Policy = "perm:ScanRead")]
public sealed class ScanModel(ScanQueries scans, ScanRunner runner, ScanMasking masking) : TenantPage
{
    public ScanReport? Report { get; private set; }

    public bool CanManage { get; private set; }

    /// <summary>What the last masking button did (or would do, for a dry run).</summary>
    public MaskOutcome? Masked { get; private set; }

    [BindProperty]
    public int? Sample { get; set; }

    public string Language => Texts.Language(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (!await CanAsync(Permission.ScanManage))
        {
            return Forbid(CookieScheme);
        }

        var started = await runner.StartAsync(Tenant, Actor, new ScanInput(Sample: Sample), Aborted);
        if (started.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/scan");
        }

        await LoadAsync();
        return FormFailed(started.Failure);
    }

    public async Task<IActionResult> OnPostMaskAsync(Guid run, Guid finding, bool dryRun)
    {
        if (!await CanAsync(Permission.ScanManage))
        {
            return Forbid(CookieScheme);
        }

        var masked = await masking.MaskAsync(Tenant, Actor, run, finding, dryRun, Aborted);
        await LoadAsync();
        if (!masked.Succeeded)
        {
            return FormFailed(masked.Failure);
        }

        Masked = masked.Value;
        return Page();
    }

    private async Task LoadAsync()
    {
        Report = await scans.LatestAsync(Tenant, Aborted);
        CanManage = await CanAsync(Permission.ScanManage);
    }
}
