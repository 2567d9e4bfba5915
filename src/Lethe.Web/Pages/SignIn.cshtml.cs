using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Lethe.Web.Pages;

/// <summary>Password sign-in with lockout; hands over to the two-factor step when the person enrolled.</summary>
[AllowAnonymous]
[EnableRateLimiting(LetheWebHost.SignInRateLimit)]
public sealed class SignInModel(SignInManager<LetheUser> signIn, UserManager<LetheUser> users, AuditLog audit) : ConsolePage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        var result = user is null || string.IsNullOrEmpty(Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);

        // The typed e-mail is not written to the log: it may be a mistyped address of someone else.
        var target = user is null ? null : $"user:{user.Id}";
        if (result.Succeeded)
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.User(user!.Id, user.Email), AuditActions.SignIn, Target: target), Aborted);
            return LocalRedirect(Security.LocalReturnUrl.From(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/SignInTwoFactor", new { returnUrl = Security.LocalReturnUrl.From(ReturnUrl) });
        }

        if (result.IsLockedOut)
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInLockedOut, Target: target), Aborted);
            Message = L["This account is locked after too many failed attempts. Try again in 15 minutes."];
        }
        else
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInFailed, Target: target), Aborted);
            Message = L["Wrong e-mail or password."];
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
