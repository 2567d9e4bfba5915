using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Changing a tenant's details; the slug stays, because published addresses use it.</summary>
[Authorize(Policy = "perm:TenantEdit")]
public sealed class EditTenantModel(TenantCommands tenants) : ConsolePage
{
    [BindProperty]
    public TenantInput Input { get; set; } = new();

    public string? Slug { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await TenantAsync() is not { } t)
        {
            return TenantNotFound();
        }

        Slug = t.Slug;
        Input = new TenantInput
        {
            Name = t.Name, Country = t.Country.ToString(), RegistrationNumber = t.RegistrationNumber, Address = t.Address,
            ContactEmail = t.ContactEmail, SupervisoryAuthority = t.SupervisoryAuthority,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await TenantAsync() is not { } t)
        {
            return TenantNotFound();
        }

        Slug = t.Slug;
        var updated = await tenants.UpdateAsync(t, Actor, Input, Aborted);
        if (updated.Succeeded)
        {
            return Redirect($"/t/{t.Slug}");
        }

        AddErrors(updated.Failure!, "Input.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
