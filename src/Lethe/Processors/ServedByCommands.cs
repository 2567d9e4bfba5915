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
    /// <param name="customerKey">
    /// The customer's key in the processor's <c>is: customer</c> collections (<see cref="Tenant.CustomerKey"/>); null or
    /// blank when the processor's systems do not tell their customers apart. Dropped with the link.
    /// </param>
    public async Task<Outcome<Tenant>> SetAsync(Access access, AuditActor actor, Tenant customer, string? processorSlug, CancellationToken ct, string? customerKey = null)
    {
        if (await db.Tenants.SingleOrDefaultAsync(t => t.Id == customer.Id, ct) is not { } tracked)
        {
            return new NotFound("Tenant", customer.Slug);
        }

        var key = string.IsNullOrWhiteSpace(customerKey) ? null : customerKey.Trim();
        if (key is { Length: > Tenant.MaxCustomerKey })
        {
            return InvalidInput.For("customerKey", $"A customer key is at most {Tenant.MaxCustomerKey} characters: the customer's number in the processor's systems.");
        }

        if (key is not null && string.IsNullOrWhiteSpace(processorSlug))
        {
            return InvalidInput.For("customerKey", "A customer key belongs to a processor: name the processor too, or leave the key out to unlink.");
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

        if (processor is not null && tracked.ServedBy is { } current && current != processor.Id)
        {
            // One processor per customer: moving a customer silently would hide it from the first processor's notices.
            var name = await db.Tenants.AsNoTracking().Where(t => t.Id == current).Select(t => t.Name).SingleAsync(ct);
            return new Conflict($"{customer.Name} is served by {name}; stop that link first.");
        }

        if (processor is not null && key is not null
            && await db.Tenants.AsNoTracking().Where(t => t.ServedBy == processor.Id && t.Id != customer.Id && t.CustomerKey == key).Select(t => t.Name).FirstOrDefaultAsync(ct) is { } holder)
        {
            // Two customers on one key would each be told of the other's people.
            return InvalidInput.For("customerKey", $"{holder} has customer key '{key}' with {processor.Name} already; each customer has its own.");
        }

        tracked.ServedBy = processor?.Id;
        tracked.CustomerKey = key;
        tracked.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.TenantServedBySet, customer.Id, $"tenant:{customer.Slug}",
            new Dictionary<string, string?> { ["servedBy"] = processor?.Slug, ["customerKey"] = key }), ct);
        return tracked;
    }

    /// <summary>
    /// The same link made from the processor's side: starts (<paramref name="serve"/>) or stops serving the customer
    /// named by <paramref name="customerSlug"/>. The caller must be able to edit the customer as well as the processor.
    /// </summary>
    public async Task<Outcome<Tenant>> ServeAsync(
        Access access, AuditActor actor, Tenant processor, string? customerSlug, bool serve, CancellationToken ct, string? customerKey = null)
    {
        var slug = customerSlug?.Trim();
        var customer = string.IsNullOrEmpty(slug) ? null : await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct);
        // A tenant the caller cannot edit is answered as one that does not exist.
        if (customer is null || !access.Has(Permission.TenantEdit, customer.Id, customer.ResellerId))
        {
            return InvalidInput.For("customer", $"'{slug}' is not a tenant you manage; choose the customer tenant by its slug.");
        }

        if (!serve && customer.ServedBy != processor.Id)
        {
            return InvalidInput.For("customer", $"{customer.Name} is not served by {processor.Name}.");
        }

        return await SetAsync(access, actor, customer, serve ? processor.Slug : null, ct, serve ? customerKey : null);
    }
}
