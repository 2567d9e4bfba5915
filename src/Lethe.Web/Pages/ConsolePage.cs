using Lethe.Audit;
using Lethe.Localization;
using Lethe.Tenancy;
using Lethe.Web.Localization;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Pages;

/// <summary>What every console page needs: the principal's access, the route's tenant, the strings, the audit actor.</summary>
/// <remarks>Pages are for people: only the sign-in cookie counts here, an API key is ignored.</remarks>
[Authorize(AuthenticationSchemes = CookieScheme)]
public abstract class ConsolePage : PageModel
{
    /// <summary>ASP.NET Core Identity's application cookie scheme (<c>IdentityConstants.ApplicationScheme</c>).</summary>
    public const string CookieScheme = "Identity.Application";

    protected PrincipalAccess Principal => HttpContext.RequestServices.GetRequiredService<PrincipalAccess>();

    protected CurrentTenant Current => HttpContext.RequestServices.GetRequiredService<CurrentTenant>();

    public IStringLocalizer L => HttpContext.RequestServices.GetRequiredService<IStringLocalizer>();

    protected AuditActor Actor => Principal.Actor;

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>The route's tenant; pages behind a tenant policy only reach here when it resolved or the caller sees all tenants.</summary>
    protected async Task<Tenant?> TenantAsync() => await Current.GetAsync(Aborted);

    protected async Task<bool> CanAsync(Permission permission)
    {
        var access = await Principal.GetAsync(Aborted);
        var tenant = await TenantAsync();
        return tenant is null ? access.Has(permission) : access.Has(permission, tenant.Id, tenant.ResellerId);
    }

    /// <summary>
    /// Shows the form again with the failure's messages in the reader's language where the catalogue has them
    /// (<see cref="FailureTexts"/>), answering 400, 403 or 404 as the failure says.
    /// </summary>
    protected PageResult FormFailed(Lethe.Common.Failure failure, string prefix = "")
    {
        AddErrors(failure, prefix);
        Response.StatusCode = failure switch
        {
            Lethe.Common.NotAllowed => StatusCodes.Status403Forbidden,
            Lethe.Common.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    /// <summary>
    /// A field the domain names by its wire name (<c>awareAt</c>) as the reader knows it (»Fik kendskab«), from the
    /// catalogue's <c>console.field.*</c>; null for a field of no label, whose message then stands alone.
    /// </summary>
    private static string? FieldLabel(string field)
    {
        var id = "console.field." + field;
        return Texts.Find(id, CatalogueLocalizer.Language);
    }

    /// <summary>A failure's English message in the reader's language (<see cref="FailureTexts"/>), naming <paramref name="field"/> by its label.</summary>
    protected static string Say(string message, string? field = null) =>
        FailureTexts.Say(message, CatalogueLocalizer.Language, field is null ? null : FieldLabel(field));

    private void AddErrors(Lethe.Common.Failure failure, string prefix)
    {
        if (failure is Lethe.Common.InvalidInput invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(prefix + field, Say(message, field));
                }
            }
        }
        else
        {
            ModelState.AddModelError("", Say(failure.Detail));
        }
    }
}
