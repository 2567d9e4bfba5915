using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Platform;

/// <summary>Resellers ("forhandlere") and registering a new one.</summary>
[Authorize(Policy = "perm:PlatformAdminister")]
public sealed class ResellersModel(LetheDbContext db, ResellerCommands resellers) : ConsolePage
{
    public IReadOnlyList<Reseller> Resellers { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? ContactEmail { get; set; }

    public async Task OnGetAsync() => Resellers = await db.Resellers.AsNoTracking().OrderBy(r => r.Name).ToListAsync(Aborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var created = await resellers.CreateAsync(Actor, Name, ContactEmail, Aborted);
        if (created.Succeeded)
        {
            return Redirect("/resellers");
        }

        await OnGetAsync();
        return FormFailed(created.Failure);
    }
}
