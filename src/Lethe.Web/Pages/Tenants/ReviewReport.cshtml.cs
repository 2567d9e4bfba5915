using Lethe.Reviews;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The review's printable report in the reader's language, as the API's <c>/report</c> gives it: print it to PDF from the browser.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class ReviewReportModel(ReviewCommands reviews) : TenantPage
{
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var view = await reviews.GetAsync(Tenant, id, Aborted);
        Hosting.SecurityHeaders.AllowInlineStyle(HttpContext, ReviewReport.StyleHash);
        return view.Succeeded
            ? Content(ReviewReport.Html(view.Value, Tenant, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), "text/html; charset=utf-8")
            : NotFound();
    }
}
