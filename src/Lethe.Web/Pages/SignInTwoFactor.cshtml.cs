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
/// The second step for people with an authenticator app: a TOTP code, or a single-use recovery code. Wrong codes count
/// towards the same pause as wrong passwords (<see cref="SignInLockout"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LetheWebHost.SignInRateLimit)]
public sealed class SignInTwoFactorModel(SignInManager<LetheUser> signIn, SignInLocks locks, AuditLog audit) : ConsolePage
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

        var client = ClientAddress.KeyOf(HttpContext.Connection.RemoteIpAddress);
        var target = $"user:{user.Id}";
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var factor = new Dictionary<string, string?> { ["factor"] = "second" };
        if (await locks.IsLockedAsync(user.Id, client, Aborted))
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInLockedOut, Target: target, Details: factor), Aborted);
            return Refused();
        }

        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);

        if (result.Succeeded)
        {
            await locks.ClearAsync(user.Id, client, Aborted);
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.User(user.Id, user.Email), AuditActions.SignIn, Target: target,
                Details: new Dictionary<string, string?> { ["factor"] = code.Length == 6 ? "totp" : "recovery-code" }), Aborted);
            return LocalRedirect(Security.LocalReturnUrl.From(ReturnUrl));
        }

        await locks.RecordFailureAsync(user, client, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, factor: "second", Aborted);
        return Refused();
    }

    private PageResult Refused()
    {
        Message = L["console.common.code_not_valid_check"];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
