using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Security;

/// <summary>Sends a person who signed in with a generated password to choose their own before anything else.</summary>
public sealed class MustChangePasswordFilter : IAsyncPageFilter
{
    private static readonly string[] Allowed = ["/Account/Password", "/SignOut", "/SignIn", "/SignInTwoFactor", "/SignInUnlock"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        if (!Allowed.Contains(page, StringComparer.Ordinal))
        {
            var principal = context.HttpContext.RequestServices.GetRequiredService<PrincipalAccess>();
            if (await principal.GetUserAsync(context.HttpContext.RequestAborted) is { MustChangePassword: true })
            {
                context.Result = new RedirectToPageResult("/Account/Password");
                return;
            }
        }

        await next();
    }
}
