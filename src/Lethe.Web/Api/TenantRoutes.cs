using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Api;

/// <summary>
/// The group of API endpoints under <c>/tenants/{tenant}</c>. Its filter resolves the slug once (the authorization
/// policy usually has already) and answers 404 for a slug no tenant has, so a handler in the group takes the tenant
/// from <see cref="CurrentTenant.Required"/> and never checks it again.
/// </summary>
public static class TenantRoutes
{
    public const string Prefix = "/tenants/{" + CurrentTenant.RouteKey + "}";

    public static RouteGroupBuilder MapTenantGroup(this RouteGroupBuilder api) => api.MapGroup(Prefix).RequireKnownTenant();

    /// <summary>For the tenant's own address, which a group cannot map without a trailing slash.</summary>
    public static TBuilder RequireKnownTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(RequireKnownTenantAsync);
        // Only a platform admin gets this far for a tenant that does not exist (everyone else was refused with 403).
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    private static async ValueTask<object?> RequireKnownTenantAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var current = http.RequestServices.GetRequiredService<CurrentTenant>();
        return await current.GetAsync(http.RequestAborted) is null
            ? ProblemResults.UnknownTenant(current.Slug)
            : await next(context);
    }
}
