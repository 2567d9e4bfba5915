using System.Security.Cryptography;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Accounts;

/// <summary>A role handed out; <see cref="OneTimePassword"/> is set only when the person was created by it, and is shown once.</summary>
public sealed record RoleGranted(LetheUser User, RoleAssignment Assignment, string? OneTimePassword);

/// <summary>A person in a tenant with the roles they hold there.</summary>
public sealed record TenantMember(string UserId, string? Email, string? DisplayName, bool TwoFactorEnabled, IReadOnlyList<Role> Roles);

/// <summary>Adding people and granting and revoking their roles, without ever granting more than the granter holds.</summary>
public sealed class UserCommands(LetheDbContext db, UserManager<LetheUser> users, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<TenantMember>> MembersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var rows = await (from a in db.RoleAssignments
                          join u in db.Users on a.UserId equals u.Id
                          where a.TenantId == tenantId
                          select new { u.Id, u.Email, u.DisplayName, u.TwoFactorEnabled, a.Role })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Id)
            .Select(g => new TenantMember(g.Key, g.First().Email, g.First().DisplayName, g.First().TwoFactorEnabled, g.Select(r => r.Role).Order().ToList()))
            .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Grants <paramref name="role"/> to the person with <paramref name="email"/>, creating them if they are new.</summary>
    /// <param name="tenant">Required for tenant roles.</param>
    /// <param name="resellerId">Required for <see cref="Role.ResellerAdmin"/>.</param>
    public async Task<Outcome<RoleGranted>> GrantAsync(
        Access access, AuditActor actor, string? email, Role role, Tenant? tenant, Guid? resellerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || !TenantInput.IsEmail(email) || email.Length > LetheDbContext.Limits.Email)
        {
            return InvalidInput.For("email", $"'{email}' is not an e-mail address.");
        }

        if (!Enum.IsDefined(role))
        {
            return InvalidInput.For("role", $"'role' must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
        }

        if (Authorize(access, role, tenant, resellerId) is { } failure)
        {
            return failure;
        }

        if (role == Role.ResellerAdmin && !await db.Resellers.AnyAsync(r => r.Id == resellerId, cancellationToken))
        {
            return InvalidInput.For("resellerId", $"No reseller '{resellerId}' exists.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        string? oneTimePassword = null;
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            oneTimePassword = GeneratedPassword.Create();
            user = new LetheUser { UserName = email.Trim(), Email = email.Trim(), MustChangePassword = true, CreatedAt = now };
            var created = await users.CreateAsync(user, oneTimePassword);
            if (!created.Succeeded)
            {
                return InvalidInput.For("email", string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.UserCreated, tenant?.Id, $"user:{user.Id}"), cancellationToken);
        }

        var tenantId = RolePermissions.IsTenantRole(role) ? tenant?.Id : null;
        var scopedReseller = role == Role.ResellerAdmin ? resellerId : null;
        var existing = await db.RoleAssignments.SingleOrDefaultAsync(
            a => a.UserId == user.Id && a.Role == role && a.TenantId == tenantId && a.ResellerId == scopedReseller, cancellationToken);
        if (existing is not null)
        {
            return new RoleGranted(user, existing, oneTimePassword);
        }

        var assignment = new RoleAssignment { UserId = user.Id, Role = role, TenantId = tenantId, ResellerId = scopedReseller, CreatedAt = now };
        db.RoleAssignments.Add(assignment);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RoleGranted, tenant?.Id, $"user:{user.Id}",
            new Dictionary<string, string?> { ["role"] = role.ToString(), ["reseller"] = scopedReseller?.ToString() }), cancellationToken);
        return new RoleGranted(user, assignment, oneTimePassword);
    }

    public async Task<Outcome<RoleAssignment>> RevokeAsync(
        Access access, AuditActor actor, Tenant tenant, string userId, Role role, CancellationToken cancellationToken)
    {
        if (Authorize(access, role, tenant, null) is { } failure)
        {
            return failure;
        }

        var assignment = await db.RoleAssignments.SingleOrDefaultAsync(
            a => a.UserId == userId && a.Role == role && a.TenantId == tenant.Id, cancellationToken);
        if (assignment is null)
        {
            return new NotFound("Role assignment", $"{userId}/{role}");
        }

        db.RoleAssignments.Remove(assignment);
        // A revoked role ends the person's sessions too: whatever a page or an API client still holds from before is gone.
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is { } user)
        {
            RenewSecurityStamp(user);
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RoleRevoked, tenant.Id, $"user:{userId}",
            new Dictionary<string, string?> { ["role"] = role.ToString() }), cancellationToken);
        return assignment;
    }

    /// <summary>
    /// Ends every console session of the person at once: each request checks the cookie's security stamp against the
    /// person's, and this gives them a new one. Saved with <paramref name="because"/>, the entry that says why.
    /// </summary>
    public async Task EndSessionsAsync(string userId, AuditEvent because, CancellationToken cancellationToken)
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is { } user)
        {
            RenewSecurityStamp(user);
        }

        await audit.SaveChangesAsync(because, cancellationToken);
    }

    /// <summary>What <c>UserManager.UpdateSecurityStampAsync</c> does, but saved in the caller's unit of work with its audit entry.</summary>
    private static void RenewSecurityStamp(LetheUser user)
    {
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private static Failure? Authorize(Access access, Role role, Tenant? tenant, Guid? resellerId) => role switch
    {
        Role.PlatformAdmin when !access.IsPlatformAdmin => new NotAllowed("Only a platform admin can make another platform admin."),
        Role.ResellerAdmin when !access.IsPlatformAdmin => new NotAllowed("Only a platform admin can make a reseller admin."),
        Role.ResellerAdmin when resellerId is null => InvalidInput.For("resellerId", "A reseller admin needs the reseller they administer."),
        // Named with a tenant, a platform-wide role would still be granted everywhere: refused, not widened silently.
        _ when !RolePermissions.IsTenantRole(role) && tenant is not null =>
            InvalidInput.For("tenant", $"The role {role} is not held in a tenant: it reaches every tenant it covers. Leave the tenant out, or choose a tenant role."),
        _ when RolePermissions.IsTenantRole(role) && tenant is null => InvalidInput.For("tenant", $"The role {role} is held in a tenant: name the tenant."),
        _ when RolePermissions.IsTenantRole(role) && !access.MayGrant(role, tenant!.Id, tenant.ResellerId) =>
            new NotAllowed($"You cannot grant or revoke {role} in this tenant: it needs a role that manages people and holds at least as much."),
        _ => null,
    };
}
