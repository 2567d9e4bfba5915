using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages;

/// <summary>
/// Ends the person's console sessions, on the server and not only in this browser: a copy of the cookie stops working
/// too (POST only, so a link elsewhere cannot sign a person out).
/// </summary>
public sealed class SignOutModel(SignInManager<LetheUser> signIn, UserCommands users) : ConsolePage
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = Actor;
        if (Principal.UserId is { } userId)
        {
            await users.EndSessionsAsync(userId, new AuditEvent(actor, AuditActions.SignOut, Target: $"user:{userId}"), Aborted);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/SignIn");
    }
}
