using Lethe.Storage;
using Lethe.Tenancy;

namespace Lethe.Web.Security;

/// <summary>
/// The tenant named by the route's <c>{tenant}</c> slug, resolved once per request. Resolving it also enters the
/// <see cref="TenantScope"/>, so every query of tenant data in the request is filtered to it.
/// </summary>
public sealed class CurrentTenant(TenantCommands tenants, TenantScope scope, IHttpContextAccessor http)
{
    public const string RouteKey = "tenant";

    private static readonly TimeSpan ReadMaxAge = TimeSpan.FromSeconds(5);

    private bool _resolved;
    private Tenant? _tenant;

    public string? Slug => http.HttpContext?.GetRouteValue(RouteKey) as string;

    public async Task<Tenant?> GetAsync(CancellationToken cancellationToken)
    {
        if (_resolved)
        {
            return _tenant;
        }

        _resolved = true;
        if (Slug is { Length: > 0 and <= LetheDbContext.Limits.Slug } slug)
        {
            // Reads take the tenant from memory when it was read in the last seconds (every API call needs it); a
            // request that may change it gets it fresh and tracked.
            _tenant = HttpMethods.IsGet(http.HttpContext!.Request.Method) || HttpMethods.IsHead(http.HttpContext.Request.Method)
                ? await tenants.FindRecentAsync(slug, ReadMaxAge, cancellationToken)
                : await tenants.FindAsync(slug, cancellationToken);
        }

        if (_tenant is not null)
        {
            scope.Enter(_tenant.Id);
        }

        return _tenant;
    }

    /// <summary>For handlers behind a tenant policy: the policy has already resolved it.</summary>
    public Tenant Required => _tenant ?? throw new InvalidOperationException("No tenant was resolved for this request.");
}
