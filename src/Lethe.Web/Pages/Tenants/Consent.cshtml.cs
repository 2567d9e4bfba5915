using Lethe.Consent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// Consent at a glance: the purposes people are asked about, how many gave and withdrew consent in the last 30 days, the
/// size of the suppression list; and one person's consents and history, looked up by e-mail address (audited).
/// </summary>
[Authorize(Policy = "perm:ConsentRead")]
public sealed class ConsentModel(ConsentLog log, SuppressionList suppression, TimeProvider time) : TenantPage
{
    public IReadOnlyList<ConsentPurpose> Purposes { get; private set; } = [];

    public IReadOnlyList<PurposeTally> Tally { get; private set; } = [];

    public IReadOnlyDictionary<string, int> Suppressed { get; private set; } = new Dictionary<string, int>();

    /// <summary>The address looked up; posted, so it never appears in a URL or an access log.</summary>
    [BindProperty]
    public string? Email { get; set; }

    public IReadOnlyList<PurposeState>? PersonState { get; private set; }

    public IReadOnlyList<ConsentEvent>? PersonHistory { get; private set; }

    public bool PersonSuppressed { get; private set; }

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
        Purposes = await log.PurposesAsync(Tenant, Aborted);
        Tally = await log.TallyAsync(Tenant, time.GetUtcNow().UtcDateTime.AddDays(-30), Aborted);
        Suppressed = await suppression.CountsAsync(Tenant, Aborted);
    }
}
