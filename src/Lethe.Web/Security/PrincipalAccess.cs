using System.Security.Claims;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Security;

/// <summary>
/// The current principal's <see cref="Access"/>, loaded from the database once per HTTP request so a revoked role
/// takes effect on the next request, not when a cookie expires.
/// </summary>
public sealed class PrincipalAccess(IHttpContextAccessor http, LetheDbContext db)
{
    public const string ApiKeyIdClaim = "lethe:api-key";
    public const string ApiKeyTenantClaim = "lethe:api-key-tenant";
    public const string ApiKeyScopesClaim = "lethe:api-key-scopes";

    private Access? _access;
    private LetheUser? _user;

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public string? UserId => Principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && !IsApiKey ? id : null;

    public bool IsApiKey => Principal.HasClaim(c => c.Type == ApiKeyIdClaim);

    /// <summary>The tenant an API key belongs to; null for a person.</summary>
    public Guid? TenantOfKey => IsApiKey && Guid.TryParse(Principal.FindFirstValue(ApiKeyTenantClaim), out var id) ? id : null;

    public async Task<Access> GetAsync(CancellationToken cancellationToken)
    {
        if (_access is not null)
        {
            return _access;
        }

        if (IsApiKey)
        {
            var tenant = Guid.Parse(Principal.FindFirstValue(ApiKeyTenantClaim)!);
            return _access = Access.ForApiKey(tenant, ApiKeyScopes.ParseList(Principal.FindFirstValue(ApiKeyScopesClaim) ?? ""));
        }

        if (UserId is not { } userId)
        {
            return _access = Access.None;
        }

        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        return _access = Access.ForUser(assignments);
    }

    /// <summary>The signed-in person's record (null for API keys and anonymous callers), read once per request.</summary>
    public async Task<LetheUser?> GetUserAsync(CancellationToken cancellationToken)
    {
        if (UserId is not { } id)
        {
            return null;
        }

        return _user is { } kept && kept.Id == id
            ? kept
            : _user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    /// <summary>Keeps the record <see cref="SessionStamp"/> read to check the cookie, so the request does not read it again.</summary>
    public void Keep(LetheUser user) => _user = user;

    public AuditActor Actor => IsApiKey
        ? new AuditActor("api-key", Principal.FindFirstValue(ApiKeyIdClaim), Principal.Identity?.Name)
        : UserId is { } id ? AuditActor.User(id, Principal.FindFirstValue(ClaimTypes.Email) ?? Principal.Identity?.Name) : AuditActor.Anonymous;
}
