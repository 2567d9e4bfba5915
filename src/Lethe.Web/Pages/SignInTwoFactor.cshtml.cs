using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Lethe.Web.Pages;

/// <summary>The second step for people with an authenticator app: a TOTP code, or a single-use recovery code.</summary>
[AllowAnonymous]
[EnableRateLimiting(LetheWebHost.SignInRateLimit)]
public sealed class SignInTwoFactorModel(SignInManager<LetheUser> signIn, AuditLog audit) : ConsolePage
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/SignIn");
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);

        var target = $"user:{user.Id}";
        if (result.Succeeded)
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.User(user.Id, user.Email), AuditActions.SignIn, Target: target,
                Details: new Dictionary<string, string?> { ["factor"] = code.Length == 6 ? "totp" : "recovery-code" }), Aborted);
            return LocalRedirect(Security.LocalReturnUrl.From(ReturnUrl));
        }

        await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous,
            result.IsLockedOut ? AuditActions.SignInLockedOut : AuditActions.SignInFailed, Target: target,
            Details: new Dictionary<string, string?> { ["factor"] = "second" }), Aborted);
        Message = result.IsLockedOut
            ? L["This account is locked after too many failed attempts. Try again in 15 minutes."]
            : L["That code is not valid. Check the time on your phone and try again."];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
