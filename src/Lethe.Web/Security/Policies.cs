using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Lethe.Web.Security;

/// <summary>One authorization policy per <see cref="Permission"/>, named <c>perm:Name</c>.</summary>
public static class Policies
{
    public static string For(Permission permission) => "perm:" + permission;

    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            options.AddPolicy(For(permission), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        }

        // Anything not marked otherwise needs a signed-in principal; the authorization test proves each endpoint's real rule.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    /// <summary>Shorthand for endpoints: <c>.RequirePermission(Permission.AuditRead)</c>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(For(permission));
}

/// <summary>Needs <see cref="Permission"/> in the route's tenant, or platform-wide when the route names none.</summary>
public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

/// <summary>Decides <see cref="PermissionRequirement"/> from the principal's <see cref="Access"/>.</summary>
public sealed class PermissionHandler(PrincipalAccess principal, CurrentTenant currentTenant) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var ct = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        var access = await principal.GetAsync(ct);
        if (currentTenant.Slug is null)
        {
            // A route without a tenant (e.g. /api/v1/suppression/check): a tenant key acts in its own tenant.
            if (access.Has(requirement.Permission) || (principal.TenantOfKey is { } own && access.Has(requirement.Permission, own, null)))
            {
                context.Succeed(requirement);
            }

            return;
        }

        var tenant = await currentTenant.GetAsync(ct);
        if (tenant is null)
        {
            // Only someone who sees every tenant learns that this one does not exist; everyone else gets 403,
            // the same as for a tenant that exists but is not theirs.
            if (access.IsPlatformAdmin)
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (access.Has(requirement.Permission, tenant.Id, tenant.ResellerId))
        {
            context.Succeed(requirement);
        }
    }
}
