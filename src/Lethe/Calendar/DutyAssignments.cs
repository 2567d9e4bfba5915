using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Calendar;

/// <summary>
/// Giving a duty to one person by hand, or back to the owner the calendar names by itself. Only someone who may do the
/// duty can be given it: a member of the tenant whose role lets them manage reviews and risk assessments. Audited.
/// </summary>
public sealed class DutyAssignments(LetheDbContext db, TenantScope scope, CalendarQueries calendar, UserCommands users, AuditLog audit, TimeProvider time)
{
    /// <summary>The longest duty id stored: a kind and a data map key.</summary>
    public const int DutyIdLimit = 200;

    /// <summary>The tenant roles whose holders may be given a duty: those that may manage reviews and risk assessments.</summary>
    public static readonly IReadOnlyList<Role> RolesThatMayDoDuties =
        Enum.GetValues<Role>().Where(r => RolePermissions.IsTenantRole(r) && RolePermissions.InTenant(r).Contains(Permission.ReviewManage)).ToList();

    /// <summary>The members a duty can be given to, by lower-case e-mail: those whose role may carry out reviews.</summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(Tenant tenant, CancellationToken ct) =>
        (await users.MembersAsync(tenant.Id, ct)).Where(MayDoDuties).Select(m => m.Email!.ToLowerInvariant()).ToList();

    private static bool MayDoDuties(TenantMember member) => member.Email is not null && member.Roles.Any(RolesThatMayDoDuties.Contains);

    /// <summary>
    /// Gives the duty <paramref name="dutyId"/> (as the calendar names it) to <paramref name="owner"/>, an e-mail address;
    /// null or blank gives it back to the calendar's own owner. The duty as the calendar now shows it.
    /// </summary>
    public async Task<Outcome<ScheduledDuty>> AssignAsync(Tenant tenant, AuditActor actor, string dutyId, string? owner, CancellationToken ct)
    {
        var duties = await calendar.ForTenantAsync(tenant, ct);
        if (duties.All(d => d.Duty.Id != dutyId))
        {
            return new NotFound("Duty", dutyId);
        }

        var email = string.IsNullOrWhiteSpace(owner) ? null : owner.Trim().ToLowerInvariant();
        if (email is not null)
        {
            var member = (await users.MembersAsync(tenant.Id, ct)).FirstOrDefault(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
            if (member is null || !MayDoDuties(member))
            {
                return InvalidInput.For("owner", Texts.Fill(member is null ? Texts.Get("error.duty.no_role", "en") : Texts.Get("error.duty.may_not", "en"),
                    new Dictionary<string, string> { ["email"] = email, ["tenant"] = tenant.Name }));
            }
        }

        scope.Enter(tenant.Id);
        var stored = await db.DutyAssignments.SingleOrDefaultAsync(a => a.DutyId == dutyId, ct);
        if (stored?.Owner == email)
        {
            return duties.Single(d => d.Duty.Id == dutyId);
        }

        var before = stored?.Owner;
        if (email is null)
        {
            // stored is set: an empty owner on a duty no one was given returned above, as nothing changes.
            db.DutyAssignments.Remove(stored!);
        }
        else if (stored is null)
        {
            db.DutyAssignments.Add(new DutyAssignment { TenantId = tenant.Id, DutyId = dutyId, Owner = email, AssignedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            stored.Owner = email;
            stored.AssignedAt = time.GetUtcNow().UtcDateTime;
        }

        try
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.DutyAssigned, tenant.Id, $"duty:{dutyId}",
                new Dictionary<string, string?> { ["owner"] = email, ["before"] = before }), ct);
        }
        catch (DbUpdateException)
        {
            // Someone gave or took back the same duty at the same moment (a second row for its key, or the row gone).
            return new Conflict(Texts.Fill(Texts.Get("error.duty.just_assigned", "en"), new Dictionary<string, string> { ["duty"] = dutyId }));
        }

        return (await calendar.ForTenantAsync(tenant, ct)).Single(d => d.Duty.Id == dutyId);
    }
}
