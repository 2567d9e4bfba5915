using Lethe.Tenancy;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lethe.Web.Pages;

/// <summary>A console page under <c>/t/{tenant}</c>: the tenant is resolved before any handler runs, or the page is a 404.</summary>
public abstract class TenantPage : ConsolePage
{
    /// <summary>The route's tenant; set before any handler runs.</summary>
    public Tenant Tenant { get; private set; } = null!;

    public string Slug => Tenant.Slug;

    // [NonHandler]: Razor Pages takes a public method named On{Verb}{Name} on a page model for a handler, so without it
    // "PAGE /t/x?handler=HandlerExecution" ran this filter as a handler, with nothing bound, and answered 500.
    [NonHandler]
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
