using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// The answer as the person will receive it, before it is released: the report rendered in the person's language from
/// the same ZIP the console's download gives. Reading it reads the person's data, so only those who may download may look.
/// </summary>
[Authorize(Policy = "perm:RequestsManage")]
public sealed class AnswerPreviewModel(AnswerPackages packages, RequestQueries requests) : TenantPage
{
    public Guid Id { get; private set; }

    public AnswerPreview Preview { get; private set; } = null!;

    /// <summary>Still being worked on: the person has not received anything yet.</summary>
    public bool Open { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Id = id;
        if (await requests.FindAsync(Tenant, id, Aborted) is not { } view)
        {
            return NotFound();
        }

        Open = RequestStatus.IsOpen(view.Request.Status);
        var spooled = await Lethe.Web.Requests.AnswerDownload.SpoolPreviewAsync(packages, Tenant, Actor, id, Aborted);
        if (!spooled.Succeeded)
        {
            return FormFailed(spooled.Failure);
        }

        // The ZIP was made so the report is exactly the one in it; the download link makes it again.
        await spooled.Value.Zip.DisposeAsync();
        Preview = spooled.Value.Report;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
