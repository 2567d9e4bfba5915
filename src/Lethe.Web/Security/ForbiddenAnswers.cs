using Lethe.Tenancy;
using Lethe.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Lethe.Web.Security;

/// <summary>
/// A 403 from the API says what was missing, so a developer can act on it: for an API key, the scope that grants the
/// permission (or that no key can have it, or that a key acts only in its own tenant); for a person, the permission.
/// Console pages and everything else keep the framework's answer.
/// </summary>
public sealed class ForbiddenAnswers : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || !ErrorResponses.IsApi(context)
            || authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault() is not { } missing)
        {
            await _framework.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var principal = context.RequestServices.GetRequiredService<PrincipalAccess>();
        var tenants = context.RequestServices.GetRequiredService<CurrentTenant>();
        string detail;
        if (principal.TenantOfKey is { } own && tenants.Slug is not null && (await tenants.GetAsync(context.RequestAborted))?.Id != own)
        {
            // The same words whether the tenant exists or not: a key learns nothing about other tenants.
            detail = "An API key acts only in its own tenant; use a key made in this tenant.";
        }
        else if (principal.IsApiKey)
        {
            detail = ApiKeyScopes.Granting(missing.Permission) is { Count: > 0 } scopes
                ? $"This API key lacks the scope this needs: {string.Join(" or ", scopes)}. Make a key with it in the console (API keys)."
                : $"No API key may do this ({missing.Permission}): it needs a person signed in with a role that grants it.";
        }
        else
        {
            detail = $"Your roles do not grant {missing.Permission} in this tenant. Ask the tenant's privacy officer for access.";
        }

        await ErrorResponses.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "You are not allowed to do this.", detail);
    }
}
