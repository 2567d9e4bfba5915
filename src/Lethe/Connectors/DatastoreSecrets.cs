using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Connectors;

/// <summary>A secret's name and when it was last set: all that is ever shown of it.</summary>
public sealed record DatastoreSecretInfo(string Name, DateTime UpdatedAt, string UpdatedBy);

/// <summary>Setting, listing and removing a tenant's datastore secrets; values go in and never come out.</summary>
public sealed class DatastoreSecrets(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time, IDataProtectionProvider protection)
{
    /// <summary>Room for a long connection string or a PEM-encoded key, not for a payload.</summary>
    public const int MaxValueLength = 8192;

    public async Task<IReadOnlyList<DatastoreSecretInfo>> ListAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.DatastoreSecrets.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new DatastoreSecretInfo(s.Name, s.UpdatedAt, s.UpdatedBy)).ToListAsync(cancellationToken);
    }

    public async Task<Outcome<DatastoreSecretInfo>> SetAsync(Tenant tenant, AuditActor actor, string? name, string? value, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!SecretName.IsValid(name))
        {
            // The text spells SecretName.Rule out, so a page can say the rule itself in its reader's language; a test keeps the two equal.
            errors.Add("name", Texts.Get("error.secret.name", "en"));
        }

        if (string.IsNullOrEmpty(value))
        {
            errors.Add("value", Texts.Get("error.secret.value_required", "en"));
        }
        else if (value.Length > MaxValueLength)
        {
            errors.Add("value", Texts.Fill(Texts.Get("error.secret.value_length", "en"), new Dictionary<string, string>
            {
                ["max"] = MaxValueLength.ToString(CultureInfo.InvariantCulture),
                ["length"] = value.Length.ToString(CultureInfo.InvariantCulture),
            }));
        }
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add("value", Texts.Get("error.secret.control_chars", "en"));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        scope.Enter(tenant.Id);
        var now = time.GetUtcNow().UtcDateTime;
        var secret = await db.DatastoreSecrets.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        var protectedValue = Protector(protection, tenant.Id).Protect(value!);
        if (secret is null)
        {
            secret = new DatastoreSecret { TenantId = tenant.Id, Name = name!, Protected = protectedValue, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor.Name ?? actor.Kind };
            db.DatastoreSecrets.Add(secret);
        }
        else
        {
            secret.Protected = protectedValue;
            secret.UpdatedAt = now;
            secret.UpdatedBy = actor.Name ?? actor.Kind;
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.DatastoreSecretSet, tenant.Id, $"datastore-secret:{name}"), cancellationToken);
        return new DatastoreSecretInfo(secret.Name, secret.UpdatedAt, secret.UpdatedBy);
    }

    public async Task<Outcome<DatastoreSecretInfo>> RemoveAsync(Tenant tenant, AuditActor actor, string name, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var secret = await db.DatastoreSecrets.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (secret is null)
        {
            return new NotFound("datastore secret", name);
        }

        db.DatastoreSecrets.Remove(secret);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.DatastoreSecretRemoved, tenant.Id, $"datastore-secret:{name}"), cancellationToken);
        return new DatastoreSecretInfo(secret.Name, secret.UpdatedAt, secret.UpdatedBy);
    }

    /// <summary>The tenant's secrets as stored (encrypted), by name.</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> ReadProtectedAsync(LetheDbContext db, Guid tenantId, CancellationToken cancellationToken) =>
        await db.DatastoreSecrets.IgnoreQueryFilters().AsNoTracking().Where(s => s.TenantId == tenantId)
            .ToDictionaryAsync(s => s.Name, s => s.Protected, StringComparer.Ordinal, cancellationToken);

    /// <summary>One secret in clear.</summary>
    /// <exception cref="DatastoreProblem">The key ring cannot open it (a lost or replaced key file).</exception>
    internal static string Open(IDataProtectionProvider protection, Guid tenantId, string name, string protectedValue)
    {
        try
        {
            return Protector(protection, tenantId).Unprotect(protectedValue);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new DatastoreProblem(DatastoreMessages.SecretUnreadable(name));
        }
    }

    // The tenant is part of the purpose: a value copied into another tenant's row in the database cannot be opened there.
    private static IDataProtector Protector(IDataProtectionProvider protection, Guid tenantId) =>
        protection.CreateProtector("Lethe.DatastoreSecrets.v1", tenantId.ToString("N"));
}
