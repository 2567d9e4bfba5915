using System.Globalization;
using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Lethe.Web.Pages;

/// <summary>
/// Password sign-in; hands over to the two-factor step when the person enrolled. Every refusal (unknown address, wrong
/// password, sign-in paused from this address) gets the same page after the same work, so none tells which addresses
/// have accounts or which accounts are paused (<see cref="SignInLockout"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LetheWebHost.SignInRateLimit)]
public sealed class SignInModel(
    SignInManager<LetheUser> signIn, UserManager<LetheUser> users, SignInLocks locks, DecoyPassword decoy, AuditLog audit) : ConsolePage
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
        var client = ClientAddress.KeyOf(HttpContext.Connection.RemoteIpAddress);
        var password = Password ?? "";
        var user = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            // A password hash checked all the same: without it an unknown address answered in a seventh of the time.
            decoy.Check(password);
            // The typed e-mail is not written to the log: it may be a mistyped address of someone else.
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInFailed), Aborted);
            return Refused();
        }

        var target = $"user:{user.Id}";
        if (await locks.IsLockedAsync(user.Id, client, Aborted))
        {
            // Not even the right password gets through while paused, and checking it would tell the pause by its timing.
            decoy.Check(password);
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInLockedOut, Target: target), Aborted);
            return Refused();
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await locks.ClearAsync(user.Id, client, Aborted);
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.User(user.Id, user.Email), AuditActions.SignIn, Target: target), Aborted);
            return LocalRedirect(Security.LocalReturnUrl.From(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/SignInTwoFactor", new { returnUrl = Security.LocalReturnUrl.From(ReturnUrl) });
        }

        await locks.RecordFailureAsync(user, client, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, factor: null, Aborted);
        return Refused();
    }

    private PageResult Refused()
    {
        Message = L["console.sign_in.wrong_email_password"] + " " + L["console.sign_in.after_five_failed_attempts"];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
