using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages;

/// <summary>The tenant switcher's target: works without JavaScript as a plain GET form.</summary>
[Authorize(Policy = "perm:ConsoleAccess")]
public sealed class SwitchModel : ConsolePage
{
    public IActionResult OnGet(string? tenant) =>
        tenant is { Length: > 0 and <= 40 } && tenant.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? Redirect($"/t/{tenant}")
            : Redirect("/");
}
