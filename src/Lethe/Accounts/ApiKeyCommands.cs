using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Accounts;

/// <summary>A new key and its secret; the secret exists only in this value and is never stored.</summary>
public sealed record ApiKeyIssued(ApiKey Key, string Secret);

/// <summary>Issuing, listing, revoking and checking API keys.</summary>
public sealed class ApiKeyCommands(
    LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time, ApiKeyCache cache, IDataProtectionProvider protection)
{
    public const int MaxLifetimeDays = 730;

    /// <summary>How long a secret kept for its one showing waits to be shown before it is dropped.</summary>
    public static readonly TimeSpan ShownWithin = TimeSpan.FromMinutes(10);

    // Secrets kept for one showing are protected under this purpose.
    private const string ShownOncePurpose = "Lethe.Accounts.ApiKeyShownOnce";

    // Writing last-used on every call would turn each read into a write; a minute is precise enough to spot a stale key.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The tenant's keys, newest first.</summary>
    public async Task<List<ApiKey>> ListAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        await DropUnshownAsync(cancellationToken);
        return await db.ApiKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <param name="keepToShowOnce">
    /// Keep the secret, encrypted, until <see cref="ShowOnceAsync"/> shows it once: for a form answered with a redirect.
    /// An API caller receives the secret in the answer and nothing is kept.
    /// </param>
    public async Task<Outcome<ApiKeyIssued>> IssueAsync(
        Tenant tenant, AuditActor actor, string? name, IReadOnlyList<string>? scopes, int? lifetimeDays, CancellationToken cancellationToken,
        bool keepToShowOnce = false)
    {
        var errors = new ValidationErrors();
        errors.Required("name", name, LetheDbContext.Limits.Name);
        var parsed = new List<ApiKeyScope>();
        if (scopes is null || scopes.Count == 0)
        {
            errors.Add("scopes", $"Give at least one scope: {string.Join(", ", ApiKeyScopes.Names)}.");
        }
        else
        {
            foreach (var scope in scopes)
            {
                if (ApiKeyScopes.TryParse(scope, out var s))
                {
                    parsed.Add(s);
                }
                else
                {
                    errors.Add("scopes", $"'{scope}' is not a scope; valid scopes are {string.Join(", ", ApiKeyScopes.Names)}.");
                }
            }
        }

        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            errors.Add("lifetimeDays", $"'lifetimeDays' must be between 1 and {MaxLifetimeDays}.");
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var secret = ApiKeySecret.Create();
        var key = new ApiKey
        {
            TenantId = tenant.Id,
            Name = name!.Trim(),
            Scopes = string.Join(' ', parsed.Distinct().Order().Select(ApiKeyScopes.Name)),
            SecretHash = TokenHash.Of(secret),
            Hint = secret[^4..],
            CreatedAt = now,
            CreatedBy = actor.Name,
            ExpiresAt = now.AddDays(lifetimeDays ?? 365),
            ShownOnce = keepToShowOnce ? protection.CreateProtector(ShownOncePurpose).Protect(secret) : null,
        };
        db.ApiKeys.Add(key);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ApiKeyCreated, tenant.Id, $"api-key:{key.Id}",
            new Dictionary<string, string?> { ["scopes"] = key.Scopes }), cancellationToken);
        return new ApiKeyIssued(key, secret);
    }

    /// <summary>
    /// The secret of a key just issued by <paramref name="actor"/> with <c>keepToShowOnce</c>, once: taken by a conditional
    /// update, so two pages opened together show it once between them. Afterwards, or after <see cref="ShownWithin"/>,
    /// or to anyone else, a conflict: the secret exists nowhere any more.
    /// </summary>
    public async Task<Outcome<ApiKeyIssued>> ShowOnceAsync(Tenant tenant, AuditActor actor, Guid keyId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        await DropUnshownAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return new NotFound("API key", keyId.ToString());
        }

        var since = time.GetUtcNow().UtcDateTime - ShownWithin;
        var taken = key.ShownOnce is { } kept && key.CreatedBy == actor.Name && key.CreatedAt > since
            && await db.ApiKeys.Where(k => k.Id == keyId && k.ShownOnce == kept)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.ShownOnce, (string?)null), cancellationToken) == 1;
        if (!taken)
        {
            return new Conflict(
                "The secret of this key was shown once already, or it was made more than ten minutes ago or by someone else; it is not kept. If it was not copied, revoke the key and make a new one.");
        }

        return new ApiKeyIssued(key, protection.CreateProtector(ShownOncePurpose).Unprotect(key.ShownOnce!));
    }

    // A secret nobody came to see within its time is not kept longer.
    private Task<int> DropUnshownAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - ShownWithin;
        return db.ApiKeys.Where(k => k.ShownOnce != null && k.CreatedAt <= since)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ShownOnce, (string?)null), cancellationToken);
    }

    public async Task<Outcome<ApiKey>> RevokeAsync(Tenant tenant, AuditActor actor, Guid keyId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return new NotFound("API key", keyId.ToString());
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ApiKeyRevoked, tenant.Id, $"api-key:{key.Id}"), cancellationToken);
            cache.Forget(key.SecretHash);
        }

        return key;
    }

    /// <summary>The usable key with this secret, or null; records when it was last used. The key is a snapshot: do not change it.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.LooksLikeSecret(secret))
        {
            return null;
        }

        var hash = TokenHash.Of(secret);
        var entry = cache.Find(hash);
        if (entry is null)
        {
            // Looked up before any tenant is known, so the tenant filter cannot apply yet.
            var stored = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            entry = cache.Keep(stored);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var key = entry.Key;
        if (!key.IsUsableAt(now))
        {
            return null;
        }

        if (entry.ClaimUse(now, LastUsedResolution))
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return key;
    }
}
