using System.Globalization;
using Lethe.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The difference between two published versions of the notice, line by line, in the reader's language.</summary>
[Authorize(Policy = "perm:DataMapRead")]
public sealed class NoticeDiffModel(NoticeCommands notices) : TenantPage
{
    public int From { get; private set; }

    public int To { get; private set; }

    public IReadOnlyList<DiffLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int from, int to)
    {
        if (await notices.VersionAsync(Tenant, from, Aborted) is not { } older || await notices.VersionAsync(Tenant, to, Aborted) is not { } newer)
        {
            return NotFound();
        }

        (From, To) = (from, to);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var before = NoticeCommands.Content(older);
        var after = NoticeCommands.Content(newer);
        var shown = before.ContainsKey(language) && after.ContainsKey(language) ? language : "en";
        Lines = LineDiff.Between(before.GetValueOrDefault(shown, ""), after.GetValueOrDefault(shown, ""));
        return Page();
    }
}
