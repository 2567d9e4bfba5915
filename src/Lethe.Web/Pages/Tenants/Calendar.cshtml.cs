using Lethe.Calendar;
using Lethe.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The compliance calendar: every recurring duty with its owner, due date and state, each leading to where it is done.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class CalendarModel(CalendarQueries calendar) : TenantPage
{
    public IReadOnlyList<ScheduledDuty> Duties { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Duties = await calendar.ForTenantAsync(Tenant, Aborted);
        return Page();
    }

    /// <summary>Where the duty is done.</summary>
    public string Link(Duty duty) => duty.Kind switch
    {
        DutyKind.HalfYearlyReview => $"/t/{Slug}/reviews",
        DutyKind.RiskAssessment => $"/t/{Slug}/risks#system-{duty.Subject}",
        DutyKind.NoticeReview => $"/t/{Slug}/notices",
        _ => $"/t/{Slug}/data-map",
    };

    public string DaysLeft(ScheduledDuty d) => d.DaysLeft < 0 ? L["console.calendar.days_overdue", -d.DaysLeft] : L["console.calendar.days_left", d.DaysLeft];

    public string Owner(DutyOwner owner) => owner.User ?? (owner.Role is { } role ? L[TextId.Role(role)] : "—");
}
