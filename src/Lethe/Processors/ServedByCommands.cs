using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Localization;
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
            return InvalidInput.For("customerKey", Texts.Fill(Texts.Get("error.served_by.key_length", "en"),
                new Dictionary<string, string> { ["max"] = Tenant.MaxCustomerKey.ToString(CultureInfo.InvariantCulture) }));
        }

        if (key is not null && string.IsNullOrWhiteSpace(processorSlug))
        {
            return InvalidInput.For("customerKey", Texts.Get("error.served_by.key_without_processor", "en"));
        }

        Tenant? processor = null;
        if (!string.IsNullOrWhiteSpace(processorSlug))
        {
            var slug = processorSlug.Trim();
            processor = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct);
            // A tenant the caller cannot edit is answered as one that does not exist.
            if (processor is null || !access.Has(Permission.TenantEdit, processor.Id, processor.ResellerId))
            {
                return InvalidInput.For("processor", Texts.Fill(Texts.Get("error.served_by.processor_unknown", "en"), new Dictionary<string, string> { ["slug"] = slug }));
            }

            if (processor.Id == customer.Id || processor.ServedBy == customer.Id)
            {
                return InvalidInput.For("processor", Texts.Get("error.served_by.self", "en"));
            }
        }

        if (processor is not null && tracked.ServedBy is { } current && current != processor.Id)
        {
            // One processor per customer: moving a customer silently would hide it from the first processor's notices.
            var name = await db.Tenants.AsNoTracking().Where(t => t.Id == current).Select(t => t.Name).SingleAsync(ct);
            return new Conflict(Texts.Fill(Texts.Get("error.served_by.served_already", "en"), new Dictionary<string, string> { ["customer"] = customer.Name, ["processor"] = name }));
        }

        if (processor is not null && key is not null
            && await db.Tenants.AsNoTracking().Where(t => t.ServedBy == processor.Id && t.Id != customer.Id && t.CustomerKey == key).Select(t => t.Name).FirstOrDefaultAsync(ct) is { } holder)
        {
            // Two customers on one key would each be told of the other's people.
            return InvalidInput.For("customerKey", Texts.Fill(Texts.Get("error.served_by.key_taken", "en"),
                new Dictionary<string, string> { ["holder"] = holder, ["key"] = key, ["processor"] = processor.Name }));
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
            return InvalidInput.For("customer", Texts.Fill(Texts.Get("error.served_by.customer_unknown", "en"), new Dictionary<string, string> { ["slug"] = slug ?? "" }));
        }

        if (!serve && customer.ServedBy != processor.Id)
        {
            return InvalidInput.For("customer", Texts.Fill(Texts.Get("error.served_by.not_served", "en"), new Dictionary<string, string> { ["customer"] = customer.Name, ["processor"] = processor.Name }));
        }

        return await SetAsync(access, actor, customer, serve ? processor.Slug : null, ct, serve ? customerKey : null);
    }
}
