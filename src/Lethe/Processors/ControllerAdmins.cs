using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>
/// Who speaks for a customer tenant as controller: its customer admins, or — while it has none — the contact address
/// the tenant was registered with. The processor's own staff, who may hold roles on the customer's tenant too, are not
/// the controller and are not mailed what is meant for it.
/// </summary>
internal static class ControllerAdmins
{
    public static async Task<IReadOnlyList<string>> AddressesAsync(LetheDbContext db, Tenant customer, CancellationToken ct)
    {
        var users = await db.RoleAssignments.Where(a => a.TenantId == customer.Id && a.Role == Role.CustomerAdmin).Select(a => a.UserId).ToListAsync(ct);
        var addresses = await db.Users.Where(u => users.Contains(u.Id) && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        return addresses.Count > 0 ? addresses.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList() : [customer.ContactEmail];
    }

    /// <summary>The language a customer's mail and notices are written in: its country's.</summary>
    public static string LanguageOf(Tenant tenant) => Breaches.AuthorityNotification.LanguageFor(tenant.Country);
}
