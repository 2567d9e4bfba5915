using System.Globalization;
using Lethe.Retention;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Retention: what is due now and soon per rule, the legal holds (place and release), and the runs' reports.</summary>
[Authorize(Policy = "perm:RetentionRead")]
public sealed class RetentionModel(RetentionCommands retention, RetentionRunner runner, Lethe.DataMap.DataMapCommands dataMap) : TenantPage
{
    /// <summary>The rules' and holds' collections by the data map's names in the reader's language.</summary>
    public Shared.Places Places { get; private set; } = Shared.Places.ByKey;

    /// <summary>How long a rule's sweep took, in words.</summary>
    public static string Duration(double seconds) => Lethe.Localization.DurationWords.Say(seconds, Lethe.Web.Localization.CatalogueLocalizer.Language);

    public RetentionPlan? Plan { get; private set; }

    public string? PlanProblem { get; private set; }

    public IReadOnlyList<RetentionHold> Holds { get; private set; } = [];

    public IReadOnlyList<RetentionRunView> Runs { get; private set; } = [];

    public bool CanManage { get; private set; }

    [BindProperty]
    public string Scope { get; set; } = HoldScope.Collection;

    [BindProperty]
    public string? Collection { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Until { get; set; }

    /// <summary>The run asked for was already in progress (a second press of the button).</summary>
    public bool AlreadyRunning { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? running)
    {
        AlreadyRunning = running == "already";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostHoldAsync()
    {
        if (!await CanAsync(Permission.RetentionManage))
        {
            return Forbid(CookieScheme);
        }

        DateOnly? until = null;
        if (!string.IsNullOrWhiteSpace(Until))
        {
            if (!DateOnly.TryParseExact(Until.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await LoadAsync();
                return FormFailed(Lethe.Common.InvalidInput.For(nameof(Until), L["console.retention.give_last_day_hold", L["console.retention.date_format"].Value]));
            }

            until = day;
        }

        // A person hold needs identities, which the API and the CLI take; the console places tenant and collection holds.
        var placed = await retention.AddHoldAsync(Tenant, Actor, new HoldInput(Scope == HoldScope.Tenant ? HoldScope.Tenant : HoldScope.Collection, Reason ?? "", until, Collection), Aborted);
        if (placed.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/retention");
        }

        await LoadAsync();
        return FormFailed(placed.Failure);
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid hold)
    {
        if (!await CanAsync(Permission.RetentionManage))
        {
            return Forbid(CookieScheme);
        }

        var released = await retention.ReleaseHoldAsync(Tenant, Actor, hold, Aborted);
        if (released.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/retention");
        }

        await LoadAsync();
        return FormFailed(released.Failure);
    }

    public async Task<IActionResult> OnPostRunAsync()
    {
        if (!await CanAsync(Permission.RetentionManage))
        {
            return Forbid(CookieScheme);
        }

        // A second press while the first run is still open is told so rather than left wondering whether it worked.
        var started = await runner.OpenAsync(Tenant, Actor.Name ?? Actor.Kind, Aborted);
        return Redirect(started is { AlreadyOpen: true } ? $"/t/{Tenant.Slug}/retention?running=already" : $"/t/{Tenant.Slug}/retention");
    }

    /// <summary>The collections a hold may name, from the data map in force.</summary>
    public IEnumerable<string> Collections() =>
        Plan?.Rules.Select(r => r.Collection).Distinct(StringComparer.Ordinal) ?? [];

    private async Task LoadAsync()
    {
        var plan = await retention.PlanAsync(Tenant, Aborted);
        Plan = plan.Value;
        PlanProblem = plan.Failure?.Detail is { } problem ? Lethe.Web.Localization.FailureTexts.SayProblem(problem, Lethe.Web.Localization.CatalogueLocalizer.Language) : null;
        Holds = await retention.HoldsAsync(Tenant, Aborted);
        Runs = await retention.RunsAsync(Tenant, 20, Aborted);
        CanManage = await CanAsync(Permission.RetentionManage);
        Places = await Shared.Places.OfAsync(dataMap, Tenant, Aborted);
    }
}
