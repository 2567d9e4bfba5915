using Lethe.Consent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// Consent at a glance: the purposes people are asked about, how many gave and withdrew consent in the last 30 days, the
/// size of the suppression list; and one person's consents and history, looked up by e-mail address (audited).
/// </summary>
[Authorize(Policy = "perm:ConsentRead")]
public sealed class ConsentModel(ConsentLog log, SuppressionList suppression, Lethe.DataMap.DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    private string _ownLanguage = "en";

    public IReadOnlyList<ConsentPurpose> Purposes { get; private set; } = [];

    public IReadOnlyList<PurposeTally> Tally { get; private set; } = [];

    public IReadOnlyDictionary<string, int> Suppressed { get; private set; } = new Dictionary<string, int>();

    /// <summary>The address looked up; posted, so it never appears in a URL or an access log.</summary>
    [BindProperty]
    public string? Email { get; set; }

    public IReadOnlyList<PurposeState>? PersonState { get; private set; }

    public IReadOnlyList<ConsentEvent>? PersonHistory { get; private set; }

    public bool PersonSuppressed { get; private set; }

    /// <summary>
    /// A purpose by its name in the reader's language, else in the tenant's own (as the data map writes it); a purpose
    /// the data map no longer has (in a person's history) by its key.
    /// </summary>
    public string PurposeName(string key) =>
        Purposes.FirstOrDefault(p => p.Key == key) is { } purpose ? purpose.Title.For(Lethe.Web.Localization.CatalogueLocalizer.Language, _ownLanguage) : key;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        var state = await log.StateAsync(Tenant, ConsentSubject.Person, Email, Aborted);
        if (!state.Succeeded)
        {
            return FormFailed(state.Failure);
        }

        PersonState = state.Value;
        PersonHistory = (await log.HistoryAsync(Tenant, Actor, ConsentSubject.Person, Email, Aborted)).Value;
        PersonSuppressed = await suppression.ContainsAsync(Tenant, "email", Email!, Aborted);
        return Page();
    }

    private async Task LoadAsync()
    {
        // The purposes as the consent log reads them (ConsentLog.PurposesAsync), with the data map's own language for their names.
        var manifest = (await dataMap.InForceAsync(Tenant, ConsentLog.Fresh, Aborted))?.Manifest;
        Purposes = manifest is null ? [] : ConsentPurpose.From(manifest);
        _ownLanguage = manifest?.DefaultLanguage ?? "en";
        Tally = await log.TallyAsync(Tenant, time.GetUtcNow().UtcDateTime.AddDays(-30), Aborted);
        Suppressed = await suppression.CountsAsync(Tenant, Aborted);
    }
}
