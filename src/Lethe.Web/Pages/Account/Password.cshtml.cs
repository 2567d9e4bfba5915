using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Pages.Account;

/// <summary>Changing one's own password; the first thing a person with a generated password must do.</summary>
public sealed class PasswordModel(UserManager<LetheUser> users, SignInManager<LetheUser> signIn, AuditLog audit, IOptions<IdentityOptions> identity) : ConsolePage
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? New { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool Forced { get; private set; }

    public async Task OnGetAsync() => Forced = (await Principal.GetUserAsync(Aborted))?.MustChangePassword == true;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Forced = user.MustChangePassword;
        if (New != Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), L["console.password.two_new_passwords_differ"]);
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword ?? "", New ?? "");
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                // The rules in force give the numbers: {0} the shortest length, {1} the fewest different characters.
                ModelState.AddModelError("", PasswordRules.Codes.Contains(error.Code)
                    ? L[TextId.PasswordRule(error.Code), identity.Value.Password.RequiredLength, identity.Value.Password.RequiredUniqueChars]
                    : error.Description);
            }

            return Page();
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        await audit.SaveChangesAsync(new AuditEvent(Actor, AuditActions.PasswordChanged, Target: $"user:{user.Id}"), Aborted);
        return Redirect("/");
    }
}
