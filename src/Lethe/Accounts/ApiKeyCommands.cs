using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using System.Security.Cryptography;
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

    private static readonly Conflict NotKept = new(
        $"The secret of this key is no longer kept: it was shown once already, more than {ShownWithin.TotalMinutes:0} minutes have passed, or someone else made the key. If it was not copied, revoke the key and make a new one.");

    // Writing last-used on every call would turn each read into a write; a minute is precise enough to spot a stale key.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The tenant's keys, newest first.</summary>
    public async Task<List<ApiKey>> ListAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.ApiKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>One of the tenant's keys, or null (another tenant's is not seen).</summary>
    public Task<ApiKey?> FindAsync(Tenant tenant, Guid keyId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
    }

    /// <summary>Issues a key whose secret is in the answer only (an API caller's); nothing of it is kept.</summary>
    public Task<Outcome<ApiKeyIssued>> IssueAsync(
        Tenant tenant, AuditActor actor, string? name, IReadOnlyList<string>? scopes, int? lifetimeDays, CancellationToken cancellationToken) =>
        IssueAsync(tenant, actor, name, scopes, lifetimeDays, keepToShowOnce: false, cancellationToken);

    /// <summary>
    /// Issues a key whose secret is also kept, encrypted, until <see cref="ShowOnceAsync"/> shows it once: for a form
    /// answered with a redirect to the page that shows it.
    /// </summary>
    public Task<Outcome<ApiKeyIssued>> IssueToShowOnceAsync(
        Tenant tenant, AuditActor actor, string? name, IReadOnlyList<string>? scopes, int? lifetimeDays, CancellationToken cancellationToken) =>
        IssueAsync(tenant, actor, name, scopes, lifetimeDays, keepToShowOnce: true, cancellationToken);

    private async Task<Outcome<ApiKeyIssued>> IssueAsync(
        Tenant tenant, AuditActor actor, string? name, IReadOnlyList<string>? scopes, int? lifetimeDays, bool keepToShowOnce, CancellationToken cancellationToken)
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
    /// The secret of a key just issued by <paramref name="actor"/> with <see cref="IssueToShowOnceAsync"/>, once: taken by
    /// a conditional update, so two pages opened together show it once between them. Afterwards, or after
    /// <see cref="ShownWithin"/>, or to anyone else, a conflict: the secret exists nowhere any more.
    /// </summary>
    public async Task<Outcome<ApiKeyIssued>> ShowOnceAsync(Tenant tenant, AuditActor actor, Guid keyId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return new NotFound("API key", keyId.ToString());
        }

        var since = time.GetUtcNow().UtcDateTime - ShownWithin;
        if (key.ShownOnce is not { } kept || key.CreatedBy != actor.Name || key.CreatedAt <= since || key.RevokedAt is not null)
        {
            return NotKept;
        }

        // Opened before it is taken: a secret that cannot be opened (the data protection keys changed) is not taken,
        // and the key's maker is told to make a new one, as for any secret no longer kept.
        string secret;
        try
        {
            secret = protection.CreateProtector(ShownOncePurpose).Unprotect(kept);
        }
        catch (CryptographicException)
        {
            return NotKept;
        }

        var taken = await db.ApiKeys.Where(k => k.Id == keyId && k.ShownOnce == kept)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ShownOnce, (string?)null), cancellationToken);
        if (taken != 1)
        {
            return NotKept;
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ApiKeySecretShown, tenant.Id, $"api-key:{key.Id}"), cancellationToken);
        return new ApiKeyIssued(key, secret);
    }

    /// <summary>Drops, in every tenant, the secrets kept for a showing that nobody came to see within <see cref="ShownWithin"/>.</summary>
    /// <returns>How many were dropped.</returns>
    public Task<int> DropUnshownAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - ShownWithin;
        return db.ApiKeys.IgnoreQueryFilters().Where(k => k.ShownOnce != null && k.CreatedAt <= since)
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
            // A secret still waiting to be shown is of no use any more.
            key.ShownOnce = null;
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
        if (entry is null || entry.ClaimRefresh())
        {
            var lookup = cache.Begin();
            ApiKey? stored;
            try
            {
                // Looked up before any tenant is known, so the tenant filter cannot apply yet.
                stored = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
            }
            catch
            {
                entry?.ReleaseRefresh();
                throw;
            }

            if (stored is null)
            {
                if (entry is not null)
                {
                    // Deleted through another server since it was kept. (An unknown secret has nothing to forget.)
                    cache.Forget(hash);
                }

                return null;
            }

            entry = cache.Keep(stored, lookup, entry);
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
