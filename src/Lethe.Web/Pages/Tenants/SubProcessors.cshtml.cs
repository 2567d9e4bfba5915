using Lethe.Processors;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// A customer's view of the tenant serving it as processor: the sub-processors used for it, the changes announced with
/// the form to object (Art. 28(2)), and the breach notices the processor sent (Art. 33(2), <c>_ReceivedBreachNotices</c>).
/// </summary>
[Authorize(Policy = "perm:ProcessorNoticesRead")]
public sealed class SubProcessorsModel(SubProcessorNotices notices, TimeProvider time) : TenantPage
{
    public CustomerSubProcessors Seen { get; private set; } = new(null, [], []);

    public bool CanObject { get; private set; }

    public DateTime Now { get; private set; }

    public string Language => Lethe.Localization.Texts.Language(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    [BindProperty]
    public Guid NoticeId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostObjectAsync()
    {
        if (!await CanAsync(Permission.SubProcessorsObject))
        {
            return Forbid(CookieScheme);
        }

        var made = await notices.ObjectAsync(Tenant, Actor, NoticeId, Reason, Aborted);
        if (made.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/sub-processors#notice-{NoticeId}");
        }

        await LoadAsync();
        return FormFailed(made.Failure);
    }

    /// <summary>The change in a sentence of the reader's language: who is added, or whom it replaces.</summary>
    public string Change(SubProcessorNotice n)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = n.Name, ["location"] = n.Location, ["previous"] = n.Replaces ?? "" };
        var text = n.Replaces is null ? Lethe.Localization.Texts.Get("processors.change.added", Language) : Lethe.Localization.Texts.Get("processors.change.replaced", Language);
        return Lethe.Localization.Texts.Fill(text, values);
    }

    private async Task LoadAsync()
    {
        Now = time.GetUtcNow().UtcDateTime;
        Seen = await notices.ForCustomerAsync(Tenant, Aborted);
        CanObject = await CanAsync(Permission.SubProcessorsObject);
    }
}
