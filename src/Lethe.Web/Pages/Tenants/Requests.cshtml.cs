using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's data subject requests, newest first, with the work that waits for someone or keeps failing.</summary>
[Authorize(Policy = "perm:RequestsRead")]
public sealed class RequestsModel(RequestQueries requests, TimeProvider time) : TenantPage
{
    /// <summary>Open and past its Art. 12(3) deadline.</summary>
    public bool IsLate(DataRequest request) =>
        RequestStatus.IsOpen(request.Status) && request.DueOn is { } due && Deadline.IsOverdue(due, time.GetUtcNow(), Tenant.Country);

    public IReadOnlyList<DataRequest> Requests { get; private set; } = [];

    public IReadOnlyList<RequestStep> Open { get; private set; } = [];

    /// <summary>Each listed request's person: the name they gave, else their e-mail address.</summary>
    public IReadOnlyDictionary<Guid, string?> Names { get; private set; } = new Dictionary<Guid, string?>();

    public bool CanManage { get; private set; }

    /// <summary>all, open, overdue (the longest overdue first) or mine (assigned to the signed-in person).</summary>
    public string Show { get; private set; } = "all";

    public async Task<IActionResult> OnGetAsync(string? show)
    {
        Show = show is "open" or "overdue" or "mine" ? show : "all";
        Requests = Show switch
        {
            "overdue" => await requests.OverdueAsync(Tenant, Aborted),
            "open" => await requests.ListAsync(Tenant, 200, Aborted, open: true),
            "mine" => await requests.ListAsync(Tenant, 200, Aborted, open: true, assignee: Actor.Name),
            _ => await requests.ListAsync(Tenant, 200, Aborted),
        };
        Names = await requests.NamesAsync(Tenant, Actor, Requests, Aborted);
        Open = await requests.OpenStepsAsync(Tenant, Aborted);
        CanManage = await CanAsync(Permission.RequestsManage);
        return Page();
    }
}
