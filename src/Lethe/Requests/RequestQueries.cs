using Lethe.Audit;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>Reading requests for the console, the API and the CLI: one with its steps, lists, the overdue, the work waiting on people.</summary>
public sealed class RequestQueries(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time)
{
    public async Task<RequestView?> FindAsync(Tenant tenant, Guid id, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var steps = await db.RequestSteps.AsNoTracking().Where(s => s.RequestId == id).OrderBy(s => s.Datastore).ToListAsync(cancellationToken);
        return new RequestView(request, steps);
    }

    /// <summary>A request as a person sees it in the console or the API: its identities are personal data, so the look is audited.</summary>
    public async Task<RequestView?> ViewAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken cancellationToken)
    {
        var view = await FindAsync(tenant, id, cancellationToken);
        if (view is not null)
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestViewed, tenant.Id, $"request:{id}"), cancellationToken);
        }

        return view;
    }

    /// <summary>
    /// The people's names for a list of requests (<see cref="RequestView.NameOf"/>): personal data, so showing them is
    /// audited like a request's page, once per list with how many it named.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string?>> NamesAsync(Tenant tenant, AuditActor actor, IReadOnlyList<DataRequest> shown, CancellationToken cancellationToken)
    {
        var names = shown.ToDictionary(r => r.Id, RequestView.NameOf);
        var named = names.Values.Count(n => n is not null);
        if (named > 0)
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestNamesRead, tenant.Id, Details: new Dictionary<string, string?>
            {
                ["named"] = named.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken);
        }

        return names;
    }

    /// <summary>The tenant's requests newest first, from the <paramref name="skip"/>th on (ties in time by id, so pages neither repeat nor skip one).</summary>
    public async Task<IReadOnlyList<DataRequest>> ListAsync(
        Tenant tenant, int take, CancellationToken cancellationToken, RequestStatus? status = null, RequestType? type = null, bool open = false, string? assignee = null,
        int skip = 0)
    {
        scope.Enter(tenant.Id);
        var query = db.Requests.AsNoTracking();
        if (open)
        {
            var statuses = RequestStatus.Open;
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (assignee is not null)
        {
            var who = assignee.ToLowerInvariant();
            query = query.Where(r => r.Assignee == who);
        }

        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (type is not null)
        {
            query = query.Where(r => r.Type == type);
        }

        return await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The other requests the person made together with <paramref name="request"/> (none when made alone).</summary>
    public async Task<IReadOnlyList<DataRequest>> TogetherAsync(Tenant tenant, DataRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId is not { } group)
        {
            return [];
        }

        scope.Enter(tenant.Id);
        return await db.Requests.AsNoTracking().Where(r => r.GroupId == group && r.Id != request.Id).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Everything that happened to a request, oldest first, from the audit log (which never holds the person's data).</summary>
    public async Task<IReadOnlyList<AuditEntry>> TimelineAsync(Tenant tenant, Guid id, CancellationToken cancellationToken)
    {
        var target = $"request:{id}";
        return await db.AuditEntries.AsNoTracking().Where(e => e.TenantId == tenant.Id && e.Target == target)
            .OrderBy(e => e.Sequence).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Open requests past their Art. 12(3) deadline, the longest overdue first.</summary>
    public async Task<IReadOnlyList<DataRequest>> OverdueAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var today = Deadline.ReceivedOn(time.GetUtcNow(), tenant.Country);
        var open = RequestStatus.Open;
        return await db.Requests.AsNoTracking()
            .Where(r => open.Contains(r.Status) && r.DueOn != null && r.DueOn < today)
            .OrderBy(r => r.DueOn).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Steps that wait for someone or keep failing, for the console's work list.</summary>
    public async Task<IReadOnlyList<RequestStep>> OpenStepsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.RequestSteps.AsNoTracking().Where(s => s.Status == StepStatus.Waiting || s.Status == StepStatus.Failed)
            .OrderBy(s => s.NextAttemptAt).Take(200).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeferredErasure>> DeferredAsync(Tenant tenant, Guid requestId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.DeferredErasures.AsNoTracking().Where(d => d.RequestId == requestId).OrderBy(d => d.Due).ToListAsync(cancellationToken);
    }
}
