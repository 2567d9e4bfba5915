using Lethe.Requests;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>Where the person's request is, and the answer to download, for the holder of the status link.</summary>
public sealed class StatusModel(Lethe.Requests.SelfServiceRequests centre) : PublicPage
{
    public PublicStatus Status { get; private set; } = null!;

    public string Token { get; private set; } = "";

    /// <summary>How many of the link's requests the person may still withdraw: those the lifecycle lets withdraw, as the withdrawal does.</summary>
    public int Withdrawable => Status.Requests.Count(i => RequestStatus.CanMove(i.Request.Status, RequestStatus.Withdrawn));

    public async Task<IActionResult> OnGetAsync(string? token) =>
        await ResolveAsync() && Plausible(token) && await LoadAsync(token) ? Page() : NotFound();

    /// <summary>The link's requests, for the page; false when the link is no status link of this tenant.</summary>
    private async Task<bool> LoadAsync(string token)
    {
        if (await centre.StatusAsync(Tenant, token, Aborted) is not { } status)
        {
            return false;
        }

        Status = status;
        Token = token;
        return true;
    }

    /// <summary>The person withdraws the request; only while it has not started (the lifecycle refuses otherwise).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string? token, bool sure)
    {
        if (!await ResolveAsync() || !Plausible(token))
        {
            return NotFound();
        }

        if (!sure)
        {
            // The box left unticked (a browser checks it; a crafted post may not): nothing is withdrawn.
            if (!await LoadAsync(token))
            {
                return NotFound();
            }

            ModelState.AddModelError("sure", L["centre.status.withdraw_tick"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var withdrawn = await centre.WithdrawAsync(Tenant, token, Aborted);
        if (withdrawn.Failure is Lethe.Common.NotFound)
        {
            return NotFound();
        }

        return Redirect(Link($"/status/{token}"));
    }

    /// <summary>The answer package, decrypted for this download; the download is audited before it starts.</summary>
    public async Task<IActionResult> OnGetAnswerAsync(string? token, Guid request)
    {
        if (!await ResolveAsync() || !Plausible(token))
        {
            return NotFound();
        }

        var opened = await centre.DownloadAsync(Tenant, token, request, Aborted);
        if (!opened.Succeeded)
        {
            return NotFound();
        }

        return File(opened.Value.Zip, "application/zip", opened.Value.FileName);
    }

    /// <summary>
    /// Whether the route's token could be one at all. Model binding turns a blank one (<c>/status/%20</c>) into null,
    /// the non-nullable parameter notwithstanding: that was a NullReferenceException and a 500.
    /// </summary>
    private static bool Plausible([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? token) => token is { Length: > 0 and <= 64 };
}
