using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages;

/// <summary>Ends the console session (POST only, so a link elsewhere cannot sign a person out).</summary>
public sealed class SignOutModel(SignInManager<LetheUser> signIn, AuditLog audit) : ConsolePage
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = Actor;
        await signIn.SignOutAsync();
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.SignOut, Target: actor.Id is null ? null : $"user:{actor.Id}"), Aborted);
        return RedirectToPage("/SignIn");
    }
}
