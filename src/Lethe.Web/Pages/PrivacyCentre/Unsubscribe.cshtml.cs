using Lethe.Consent;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// One-click unsubscribe (RFC 8058): a mail client POSTs <c>List-Unsubscribe=One-Click</c> to this address and that is
/// all it takes; a person opening the link gets one button.
/// </summary>
public sealed class UnsubscribeModel(Newsletter newsletter) : LinkActionPage
{
    // "Sign up again" is no advice for someone who wants the mails to stop: the preference page is.
    protected override string BadLinkText => "error.unsubscribe.bad_link";

    protected override async Task<bool> ActAsync(string token) => (await newsletter.UnsubscribeAsync(Tenant, token, Aborted)).Succeeded;
}
