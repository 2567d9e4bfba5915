using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>The same page after every request filed, whether the address is known or not.</summary>
public sealed class SentModel : PublicPage
{
    public async Task<IActionResult> OnGetAsync() => await ResolveAsync() ? Page() : NotFound();
}
