using Lethe.Consent;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>The second step of the double opt-in: the button records the consent to the newsletter.</summary>
public sealed class NewsletterConfirmModel(Newsletter newsletter) : LinkActionPage
{
    protected override async Task<bool> ActAsync(string token) => (await newsletter.ConfirmAsync(Tenant, token, Aborted)).Succeeded;
}
