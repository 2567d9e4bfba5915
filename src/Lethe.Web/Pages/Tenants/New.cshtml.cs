using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Creating a tenant from the console.</summary>
[Authorize(Policy = "perm:TenantCreate")]
public sealed class NewTenantModel(TenantCommands tenants, LetheDbContext db) : ConsolePage
{
    [BindProperty]
    public TenantInput Input { get; set; } = new() { Country = "DK" };

    public IReadOnlyList<Reseller> Resellers { get; private set; } = [];

    public bool IsPlatformAdmin { get; private set; }

    public async Task OnGetAsync() => await LoadResellersAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var created = await tenants.CreateAsync(await Principal.GetAsync(Aborted), Actor, Input, Aborted);
        if (created.Succeeded)
        {
            return Redirect($"/t/{created.Value.Slug}");
        }

        await LoadResellersAsync();
        return FormFailed(created.Failure, "Input.");
    }

    private async Task LoadResellersAsync()
    {
        var access = await Principal.GetAsync(Aborted);
        IsPlatformAdmin = access.IsPlatformAdmin;
        var own = access.ResellerIds.ToList();
        Resellers = await db.Resellers.AsNoTracking()
            .Where(r => access.IsPlatformAdmin || own.Contains(r.Id)).OrderBy(r => r.Name).ToListAsync(Aborted);
    }
}
