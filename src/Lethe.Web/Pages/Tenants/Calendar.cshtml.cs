using Lethe.Calendar;
using Lethe.Localization;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The compliance calendar: every recurring duty with its owner, due date and state, each leading to where it is done.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class CalendarModel(CalendarQueries calendar, DutyAssignments assignments) : TenantPage
{
    public IReadOnlyList<ScheduledDuty> Duties { get; private set; } = [];

    /// <summary>Who a duty can be given to: the members who may carry out reviews and risk assessments, by e-mail.</summary>
    public IReadOnlyList<string> Owners { get; private set; } = [];

    public bool CanManage { get; private set; }

    [BindProperty]
    public string? Owner { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Gives <paramref name="duty"/> to <see cref="Owner"/>, or back to the privacy officers when it is empty.</summary>
    public async Task<IActionResult> OnPostOwnerAsync(string duty)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        var assigned = await assignments.AssignAsync(Tenant, Actor, duty, Owner, Aborted);
        if (assigned.Succeeded)
        {
            return Redirect($"/t/{Slug}/calendar#{Row(assigned.Value.Duty)}");
        }

        await LoadAsync();
        return FormFailed(assigned.Failure);
    }

    private async Task LoadAsync()
    {
        Duties = await calendar.ForTenantAsync(Tenant, Aborted);
        CanManage = await CanAsync(Permission.ReviewManage);
        Owners = CanManage ? await assignments.CandidatesAsync(Tenant, Aborted) : [];
    }

    /// <summary>The duty's row id, which the form returns to.</summary>
    public static string Row(Duty duty) => "duty-" + duty.Id.Replace(':', '-');

    /// <summary>Where the duty is done.</summary>
    public string Link(Duty duty) => duty.Kind switch
    {
        DutyKind.HalfYearlyReview => $"/t/{Slug}/reviews",
        DutyKind.RiskAssessment => $"/t/{Slug}/risks#system-{duty.Subject}",
        DutyKind.NoticeReview => $"/t/{Slug}/notices",
        _ => $"/t/{Slug}/data-map",
    };

    public string DaysLeft(ScheduledDuty d) => d.DaysLeft < 0 ? L["console.calendar.days_overdue", -d.DaysLeft] : L["console.calendar.days_left", d.DaysLeft];

    public string OwnerName(DutyOwner owner) => owner.User ?? (owner.Role is { } role ? L[TextId.Role(role)] : "—");
}
