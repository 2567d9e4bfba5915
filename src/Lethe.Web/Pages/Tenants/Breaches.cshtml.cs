using System.Globalization;
using Lethe.Breaches;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The breach register: every breach with its 72-hour clock, and the form to register one.</summary>
[Authorize(Policy = "perm:BreachesRead")]
public sealed class BreachesModel(BreachCommands breaches, DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    public IReadOnlyList<Breach> Breaches { get; private set; } = [];

    public IReadOnlyList<string> Parts { get; private set; } = [];

    public bool CanManage { get; private set; }

    public DateTime Now { get; private set; }

    /// <summary>When the company became aware, as the officer's wall clock in the tenant's zone shows it.</summary>
    [BindProperty]
    public string? AwareAt { get; set; }

    [BindProperty]
    public string? OccurredAt { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<string?> Affected { get; set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await CanAsync(Permission.BreachesManage))
        {
            return Forbid(CookieScheme);
        }

        var aware = Utc(AwareAt);
        var occurred = Utc(OccurredAt);
        if (AwareAt is not null && aware is null || OccurredAt is not null && occurred is null)
        {
            await LoadAsync();
            return FormFailed(Lethe.Common.InvalidInput.For(aware is null ? nameof(AwareAt) : nameof(OccurredAt), L["console.breaches.give_time"]));
        }

        var registered = await breaches.RegisterAsync(Tenant, Actor, new BreachInput(occurred, aware, Description, Affected), Aborted);
        if (registered.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/breaches/{registered.Value.Id}");
        }

        await LoadAsync();
        return FormFailed(registered.Failure);
    }

    private DateTime? Utc(string? local) => FromWallClock(local, Tenant.Country);

    /// <summary>A wall-clock time in the tenant's zone (yyyy-MM-ddTHH:mm, as a datetime-local field sends it) as UTC.</summary>
    internal static DateTime? FromWallClock(string? local, Country country)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }

        return DateTime.TryParseExact(local.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), LocalTime.Zone(country))
            : null;
    }

    private async Task LoadAsync()
    {
        Now = time.GetUtcNow().UtcDateTime;
        Breaches = await breaches.ListAsync(Tenant, Actor, Aborted);
        var manifest = await dataMap.CurrentManifestAsync(Tenant, Aborted);
        Parts = manifest is null ? [] : manifest.Systems.SelectMany(s => new[] { s.Key }
            .Concat(s.Datastores.SelectMany(d => new[] { $"{s.Key}.{d.Key}" }.Concat(d.Collections.Select(c => $"{s.Key}.{d.Key}.{c.Name}"))))).ToList();
        CanManage = await CanAsync(Permission.BreachesManage);
    }
}
