using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's data subject requests, newest first, with the work that waits for someone or keeps failing.</summary>
[Authorize(Policy = "perm:RequestsRead")]
public sealed class RequestsModel(RequestQueries requests, Lethe.DataMap.DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    /// <summary>Where the open steps are carried out, by the data map's names in the reader's language.</summary>
    public Shared.Places Places { get; private set; } = Shared.Places.ByKey;

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

    /// <summary>Requests a page lists; older ones are a link away.</summary>
    public const int PageSize = 100;

    /// <summary>How many newer requests the page passes over (a multiple of <see cref="PageSize"/>).</summary>
    public int Skip { get; private set; }

    /// <summary>There are older requests in this view than the page lists.</summary>
    public bool HasOlder { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? show, int skip = 0)
    {
        Show = show is "open" or "overdue" or "mine" ? show : "all";
        // The overdue view is one list, the longest overdue first; the others page, newest first.
        Skip = Show == "overdue" ? 0 : Math.Clamp(skip, 0, 10_000_000) / PageSize * PageSize;
        var listed = Show switch
        {
            "overdue" => await requests.OverdueAsync(Tenant, Aborted),
            "open" => await requests.ListAsync(Tenant, PageSize + 1, Aborted, open: true, skip: Skip),
            "mine" => await requests.ListAsync(Tenant, PageSize + 1, Aborted, open: true, assignee: Actor.Name, skip: Skip),
            _ => await requests.ListAsync(Tenant, PageSize + 1, Aborted, skip: Skip),
        };
        HasOlder = Show != "overdue" && listed.Count > PageSize;
        Requests = HasOlder ? listed.Take(PageSize).ToList() : listed;
        Names = await requests.NamesAsync(Tenant, Actor, Requests, Aborted);
        Open = await requests.OpenStepsAsync(Tenant, Aborted);
        Places = Open.Count > 0 ? await Shared.Places.OfAsync(dataMap, Tenant, Aborted) : Shared.Places.ByKey;
        CanManage = await CanAsync(Permission.RequestsManage);
        return Page();
    }
}
