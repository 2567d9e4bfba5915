using System.Globalization;
using Lethe.DataMap;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// What the officer has to do today: requests by deadline, manual tasks, failing work, retention and the notice, each
/// leading to where it is done; the company's details below. Each part only for those who may see it.
/// </summary>
[Authorize(Policy = "perm:TenantRead")]
public sealed class TenantOverviewModel(TodaysWork todaysWork, StalledWork stalled, DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    private Manifest? manifest;

    /// <summary>The moment the breaches' clocks are shown at.</summary>
    public DateTime Now { get; private set; }

    public SupervisoryAuthority? Authority { get; private set; }

    public bool CanEdit { get; private set; }

    public WorkToday Work { get; private set; } = new();

    public TodayParts Parts { get; private set; }

    public bool CanRetry { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(JobKind kind, Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var retried = await stalled.RetryAsync(Tenant.Id, kind, id, Actor, Aborted);
        if (retried.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}#work");
        }

        await LoadAsync();
        return FormFailed(retried.Failure);
    }

    /// <summary>Days to the deadline in words: left, today, or overdue.</summary>
    public string DaysLeft(int? days) => days switch
    {
        null => L["console.overview.no_deadline"],
        0 => L["console.overview.due_today"],
        1 => L["console.overview.day_left"],
        -1 => L["console.overview.day_overdue"],
        < 0 => L["console.overview.days_overdue", -days.Value],
        _ => L["console.overview.days_left", days.Value],
    };

    private async Task LoadAsync()
    {
        var authority = SupervisoryAuthority.DefaultFor(Tenant.Country);
        Authority = authority?.Name == Tenant.SupervisoryAuthority ? authority : null;
        CanEdit = await CanAsync(Permission.TenantEdit);
        CanRetry = await CanAsync(Permission.RequestsManage);
        // Requests and failing work name datastores and lead to requests; retention and the notice have their own readers.
        Parts = (await CanAsync(Permission.RequestsRead) ? TodayParts.Requests : TodayParts.None)
            | (await CanAsync(Permission.RetentionRead) ? TodayParts.Retention : TodayParts.None)
            | (await CanAsync(Permission.DataMapRead) ? TodayParts.Notice : TodayParts.None)
            | (await CanAsync(Permission.BreachesRead) ? TodayParts.Breaches : TodayParts.None)
            | (await CanAsync(Permission.ReviewRead) ? TodayParts.Duties : TodayParts.None);
        Now = time.GetUtcNow().UtcDateTime;
        Work = await todaysWork.ForTenantAsync(Tenant, Parts, Aborted);
        manifest = Work.ManualTasks > 0 ? await dataMap.CurrentManifestAsync(Tenant, Aborted) : null;
    }

    /// <summary>The system a task is in, as the data map names it in the reader's language; the key when there is no data map.</summary>
    public string SystemName(string datastore) => manifest is null
        ? datastore
        : AnswerReport.SystemName(manifest, datastore, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
}
