using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>
/// Links a customer tenant to the tenant that serves it as processor (<see cref="Tenant.ServedBy"/>). Whoever links
/// must be able to edit both: the link lets the processor tell the customer's admins of its sub-processors and
/// breaches, and shows the customer the processor's sub-processors.
/// </summary>
public sealed class ServedByCommands(LetheDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<Tenant>> SetAsync(Access access, AuditActor actor, Tenant customer, string? processorSlug, CancellationToken ct)
    {
        if (await db.Tenants.SingleOrDefaultAsync(t => t.Id == customer.Id, ct) is not { } tracked)
        {
            return new NotFound("Tenant", customer.Slug);
        }

        Tenant? processor = null;
        if (!string.IsNullOrWhiteSpace(processorSlug))
        {
            var slug = processorSlug.Trim();
            processor = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct);
            // A tenant the caller cannot edit is answered as one that does not exist.
            if (processor is null || !access.Has(Permission.TenantEdit, processor.Id, processor.ResellerId))
            {
                return InvalidInput.For("processor", $"'{slug}' is not a tenant you manage; name the processor tenant by its slug.");
            }

            if (processor.Id == customer.Id || processor.ServedBy == customer.Id)
            {
                return InvalidInput.For("processor", "A tenant cannot serve itself, nor a tenant it is served by.");
            }
        }

        tracked.ServedBy = processor?.Id;
        tracked.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.TenantServedBySet, customer.Id, $"tenant:{customer.Slug}",
            new Dictionary<string, string?> { ["servedBy"] = processor?.Slug }), ct);
        return tracked;
    }
}
