using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Lethe.Web.Pages.Account;

/// <summary>Enrolling an authenticator app (RFC 6238 TOTP) with recovery codes, and turning it off again.</summary>
public sealed class TwoFactorModel(UserManager<LetheUser> users, SignInManager<LetheUser> signIn, AuditLog audit) : ConsolePage
{
    public bool Enabled { get; private set; }

    public string? FormattedKey { get; private set; }

    public string? QrDataUri { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await VerifyAsync(user))
        {
            ModelState.AddModelError(nameof(Code), L["console.common.code_not_valid_check"]);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
        await signIn.RefreshSignInAsync(user);
        await audit.SaveChangesAsync(new AuditEvent(Actor, AuditActions.TwoFactorEnabled, Target: $"user:{user.Id}"), Aborted);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await VerifyAsync(user))
        {
            ModelState.AddModelError(nameof(Code), L["console.common.code_not_valid_check"]);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key, so a copy of the old one (a screenshot, a lost phone) is worthless from now on.
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await audit.SaveChangesAsync(new AuditEvent(Actor, AuditActions.TwoFactorDisabled, Target: $"user:{user.Id}"), Aborted);
        await LoadAsync(user);
        return Page();
    }

    private Task<bool> VerifyAsync(LetheUser user) =>
        users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider,
            (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));

    private async Task LoadAsync(LetheUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // Making the key renews the security stamp, which every request checks: keep this session, as a change does.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was created.");
        }

        FormattedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var uri = $"otpauth://totp/Lethe:{Uri.EscapeDataString(user.Email ?? user.Id)}?secret={key}&issuer=Lethe&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
