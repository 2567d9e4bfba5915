using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>
/// Refuses a request that none of a page's handler methods answers: 405 for a method it has no handler for (with the
/// Allow header), 404 for a <c>?handler=</c> name it does not know.
/// </summary>
/// <remarks>
/// Razor Pages renders such a page anyway without running a handler, so the model is never loaded and the view fails
/// on it: a POST to the privacy centre's status page (which only has <c>?handler=Withdraw</c>) was a 500, as was a
/// POST to any page with only OnGet.
/// </remarks>
public sealed class MissingHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is not null)
        {
            return;
        }

        var handlers = context.ActionDescriptor.HandlerMethods;
        // A page without handler methods answers GET (and HEAD, which ASP.NET Core serves as GET).
        var allowed = handlers.Count == 0 ? ["GET"] : handlers.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var method = context.HttpContext.Request.Method;
        if (HttpMethods.IsHead(method))
        {
            method = HttpMethods.Get;
        }

        if (allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            if (handlers.Count > 0)
            {
                context.Result = new NotFoundResult();
            }

            return;
        }

        context.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
