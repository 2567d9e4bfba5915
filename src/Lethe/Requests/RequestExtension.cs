using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// Extends a request's deadline by one or two months (Art. 12(3)): once, with a reason the person is told, and only
/// while the first month runs — the person must hear of the extension within one month of receipt.
/// </summary>
public sealed class RequestExtension(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time, RequestMessages messages)
{
    public async Task<Outcome<DataRequest>> ExtendAsync(Tenant tenant, AuditActor actor, Guid id, int months, string? reason, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request)
        {
            return new NotFound("Request", id.ToString());
        }

        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        if (months is < 1 or > Deadline.MaxExtensionMonths)
        {
            errors.Add("months", $"Extend by 1 or {Deadline.MaxExtensionMonths} months: Art. 12(3) allows two further months at most.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            errors.Add("reason", "Give the reason the person is told (the request is complex, or there are many), in at most 2000 characters.");
        }
        else if (Scanning.TextGuard.Refusal(reason) is { } refused)
        {
            errors.Add("reason", refused);
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (!RequestStatus.IsOpen(request.Status))
        {
            return new Conflict($"The request is {RequestStatus.Describe(request.Status)}; there is nothing to extend.");
        }

        if (request.ExtendedMonths is not null)
        {
            return new Conflict($"The deadline was extended on {request.ExtendedAt:yyyy-MM-dd} already; Art. 12(3) allows one extension.");
        }

        var firstDue = Deadline.Due(new DateTimeOffset(request.CreatedAt, TimeSpan.Zero), tenant.Country);
        if (Deadline.IsOverdue(firstDue, now, tenant.Country))
        {
            return new Conflict($"The first month ended on {firstDue:yyyy-MM-dd}: an extension must reach the person within one month of receipt.");
        }

        // Saved only if no one extended it since it was read here (LetheDbContext refuses the save whole otherwise).
        db.ExpectUnmoved(request);
        request.ExtendedMonths = months;
        request.ExtensionReason = reason!.Trim();
        request.ExtendedAt = now.UtcDateTime;
        request.DueOn = Deadline.Due(new DateTimeOffset(request.CreatedAt, TimeSpan.Zero), tenant.Country, months);
        messages.Extended(tenant, request);
        // The reason may describe the person's case: the audit keeps the months and the new deadline only.
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestExtended, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
        {
            ["months"] = months.ToString(CultureInfo.InvariantCulture),
            ["dueOn"] = request.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), ct);
        return request;
    }
}
