using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;

namespace Lethe.Tenancy;

/// <summary>Registering resellers; a platform admin's job.</summary>
public sealed class ResellerCommands(LetheDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<Reseller>> CreateAsync(AuditActor actor, string? name, string? contactEmail, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Required("name", name, LetheDbContext.Limits.Name);
        errors.Required("contactEmail", contactEmail, LetheDbContext.Limits.Email);
        if (!string.IsNullOrWhiteSpace(contactEmail) && !TenantInput.IsEmail(contactEmail))
        {
            errors.Add("contactEmail", $"'{contactEmail}' is not an e-mail address.");
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var reseller = new Reseller { Name = name!.Trim(), ContactEmail = contactEmail!.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Resellers.Add(reseller);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ResellerCreated, null, $"reseller:{reseller.Id}"), cancellationToken);
        return reseller;
    }
}
