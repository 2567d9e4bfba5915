using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Changing a tenant's details; the slug stays, because published addresses use it.</summary>
[Authorize(Policy = "perm:TenantEdit")]
public sealed class EditTenantModel(TenantCommands tenants) : TenantPage
{
    [BindProperty]
    public TenantInput Input { get; set; } = new();

    public void OnGet() => Input = new TenantInput
    {
        Name = Tenant.Name,
        Country = Tenant.Country.ToString(),
        RegistrationNumber = Tenant.RegistrationNumber,
        Address = Tenant.Address,
        ContactEmail = Tenant.ContactEmail,
        SupervisoryAuthority = Tenant.SupervisoryAuthority,
        ControllerApproves = Tenant.ControllerApproves,
        LogoUrl = Tenant.LogoUrl,
        AccentColour = Tenant.AccentColour,
    };

    public async Task<IActionResult> OnPostAsync()
    {
        var updated = await tenants.UpdateAsync(Tenant, Actor, Input, Aborted);
        if (updated.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}");
        }

        return FormFailed(updated.Failure);
    }
}
