using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Web.PrivacyCentre;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// The form a person files a request with. Whatever address they give, the answer is the same redirect to "check your
/// e-mail": Lethe does not look the address up here, so the response cannot tell whether the company knows it.
/// </summary>
public sealed class IntakeModel(SelfServiceRequests centre, PublicRateLimits limits) : PublicPage
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

    /// <summary>With rectification: what is wrong, in the person's words.</summary>
    [BindProperty]
    public string? Wrong { get; set; }

    /// <summary>With rectification: what it should be, in the person's words.</summary>
    [BindProperty]
    public string? Wanted { get; set; }

    // The catalogue's name for each field of the form, for a refusal that says which one.
    private string FieldName(string field) => field switch
    {
        "email" => L["centre.field.email"],
        "full_name" => L["centre.field.full_name"],
        "phone" => L["centre.field.phone"],
        "message" => L["centre.field.message"],
        "wrong" => L["centre.field.wrong"],
        "wanted" => L["centre.field.wanted"],
        _ => field,
    };

    public async Task<IActionResult> OnGetAsync() => await ResolveAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        if (limits.TryClient(HttpContext.Connection.RemoteIpAddress?.ToString()) is { } wait)
        {
            return TooMany(wait);
        }

        var tooLong = SelfServiceRequests.TooLong([("email", Email), ("full_name", FullName), ("phone", Phone), ("message", Message), ("wrong", Wrong), ("wanted", Wanted)]);
        if (tooLong.Count > 0)
        {
            // Refused, never cut: every field keeps what the person typed, so they can shorten the one named.
            foreach (var field in tooLong)
            {
                ModelState.AddModelError(field, L["error.centre.too_long", FieldName(field), SelfServiceRequests.Limits[field]]);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(Phone) && !PhoneSyntax.IsValid(Phone))
        {
            // Told before anything is spent on the filing (the address's mail budget); everything typed stays in the form.
            ModelState.AddModelError("phone", L["error.centre.phone"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
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

        // Only a filing that will mail the address spends its budget (a right chosen; the address itself is checked there).
        if (Types.Any(SelfServiceRequests.Types.Contains) && limits.TryMail(Tenant.Slug, Email) is { } mailWait)
        {
            return TooMany(mailWait);
        }

        var correction = string.IsNullOrWhiteSpace(Wrong) && string.IsNullOrWhiteSpace(Wanted) && !Types.Contains(RequestType.Rectification.ToWire())
            ? null : new Correction(Wrong ?? "", Wanted ?? "");
        var filed = await centre.FileAsync(Tenant, Types.Take(SelfServiceRequests.Types.Length + 1).ToList(), Email, others, Language, Message, correction, Aborted);
        if (!filed.Succeeded)
        {
            ShowFailure(filed.Failure);

            Response.StatusCode = filed.Failure is Lethe.Common.Conflict ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect(Link("/sent"));
    }
}
