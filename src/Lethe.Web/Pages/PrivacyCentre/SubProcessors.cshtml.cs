using Lethe.DataMap;
using Lethe.Processors;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// <c>/p/{tenant}/sub-processors</c>: the public list of the sub-processors used for a tenant — the processor's when a
/// tenant serves it, else its own — at a stable address the company can link from its agreements. Anonymous: company
/// names, what they do and where, no personal data.
/// </summary>
public sealed class SubProcessorsModel(SubProcessorNotices notices, DataMapCommands dataMap, TimeProvider time) : PublicPage
{
    public IReadOnlyList<(Processor Processor, DateTime? From)> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (Tenant.ServedBy is not null)
        {
            var seen = await notices.ForCustomerAsync(Tenant, Aborted);
            Entries = seen.InUse.Select(p => (p, seen.Notices.Where(n => n.ProcessorKey == p.Key && n.EffectiveAt > now).Select(n => (DateTime?)n.EffectiveAt).FirstOrDefault())).ToList();
        }
        else
        {
            Entries = SubProcessors.Of(await dataMap.CurrentManifestAsync(Tenant, Aborted)).Select(p => (p, (DateTime?)null)).ToList();
        }

        return Page();
    }
}
