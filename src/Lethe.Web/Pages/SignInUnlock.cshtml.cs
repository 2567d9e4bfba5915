using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Lethe.Web.Pages;

/// <summary>
/// The link mailed to a person whose sign-in was paused (<see cref="SignInLocks"/>). Opening it changes nothing, as mail
/// scanners open links; its button lifts the pause, once. An unknown, used and expired link get the same refusal.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LetheWebHost.SignInRateLimit)]
public sealed class SignInUnlockModel(SignInLocks locks) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public bool Done { get; private set; }

    public string? Message { get; private set; }

    public void OnGet() => Response.Headers.CacheControl = "no-store";

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers.CacheControl = "no-store";
        if (await locks.UnlockAsync(Token, Aborted))
        {
            Done = true;
            return Page();
        }

        Message = L["console.sign_in_unlock.link_not_work_was"];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
