using Lethe.Processors;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// <c>/p/{tenant}/sub-processors</c>: the public list of the sub-processors used for a tenant — the processor's when a
/// tenant serves it, else its own — at a stable address the company can link from its agreements. A change announced and
/// not yet in effect shows as announced with its day, and a replaced sub-processor as still in use until then (Art.
/// 28(2)). Anonymous: company names, what they do and where, no personal data.
/// </summary>
public sealed class SubProcessorsModel(SubProcessorNotices notices) : PublicPage
{
    /// <summary>In use, or announced with the day it takes effect; a replaced one in use until then.</summary>
    public IReadOnlyList<ListedSubProcessor> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        Entries = await notices.PublicListAsync(Tenant, Aborted);
        return Page();
    }
}
