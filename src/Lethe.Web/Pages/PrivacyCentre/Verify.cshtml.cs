using Lethe.Web.PrivacyCentre;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>Confirming the e-mail address by the link's button or by typing the code; the person then lands on the status page.</summary>
public sealed class VerifyModel(Lethe.Requests.SelfServiceRequests centre, PublicRateLimits limits) : PublicPage
{
    public string? Token { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The link or code was for a request that is verified already (the link opened a second time).</summary>
    public bool AlreadyVerified { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        Token = token is { Length: <= 64 } ? token : null;
        return await ResolveAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        if (limits.TryVerify(HttpContext.Connection.RemoteIpAddress?.ToString()) is { } wait)
        {
            return TooMany(wait);
        }

        var verified = string.IsNullOrWhiteSpace(Code) || Code.Length > 64
            ? Lethe.Requests.SelfServiceRequests.BadToken
            : await centre.VerifyAsync(Tenant, Code, Aborted);
        if (verified.Failure == Lethe.Requests.SelfServiceRequests.AlreadyVerified)
        {
            AlreadyVerified = true;
            return Page();
        }

        if (!verified.Succeeded)
        {
            ModelState.AddModelError("", L["error.centre.bad_token"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect(Link($"/status/{verified.Value}"));
    }
}
