using Lethe.Tenancy;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>A console page under <c>/t/{tenant}</c>: the tenant is resolved before any handler runs, or the page is a 404.</summary>
public abstract class TenantPage : ConsolePage
{
    /// <summary>The route's tenant; set before any handler runs.</summary>
    public Tenant Tenant { get; private set; } = null!;

    public string Slug => Tenant.Slug;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Only someone who may see every tenant gets here for a tenant that does not exist; the policy stopped everyone else.
        if (await TenantAsync() is not { } tenant)
        {
            context.Result = NotFound();
            return;
        }

        Tenant = tenant;
        await next();
    }
}
