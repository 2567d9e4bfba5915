using Lethe.Execution;
using Lethe.Web.PrivacyCentre;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// The form a person files a request with. Whatever address they give, the answer is the same redirect to "check your
/// e-mail": Lethe does not look the address up here, so the response cannot tell whether the company knows it.
/// </summary>
public sealed class IntakeModel(Lethe.Requests.SelfServiceRequests centre, PublicRateLimits limits) : PublicPage
{
    /// <summary>The rights asked for; several become requests made together, confirmed by one e-mail.</summary>
    [BindProperty]
    public List<string> Types { get; set; } = [];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? FullName { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync() => await ResolveAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        if (limits.TryFile(HttpContext.Connection.RemoteIpAddress?.ToString(), Email) is { } wait)
        {
            return TooMany(wait);
        }

        var others = new List<Identity>();
        if (!string.IsNullOrWhiteSpace(FullName))
        {
            others.Add(new Identity("full_name", FullName.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(Phone))
        {
            others.Add(new Identity("phone", Phone.Trim()));
        }

        var filed = await centre.FileAsync(Tenant, Types.Take(Lethe.Requests.SelfServiceRequests.Types.Length + 1).ToList(), Email, others, Language, Message, Aborted);
        if (!filed.Succeeded)
        {
            ShowFailure(filed.Failure);

            Response.StatusCode = filed.Failure is Lethe.Common.Conflict ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect(Link("/sent"));
    }
}
