using Lethe.Reviews;
using Lethe.RiskAssessments;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Calendar;

/// <summary>Registers the compliance calendar, the half-yearly review and the risk assessments.</summary>
public static class CalendarServices
{
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        // The duty sources, each a pure function of DutyFacts; other features add theirs beside these.
        services.AddSingleton<IDutySource, HalfYearlyReviewDuty>();
        services.AddSingleton<IDutySource, RiskAssessmentDuties>();
        services.AddSingleton<IDutySource, NoticeReviewDuty>();
        services.AddSingleton<IDutySource, Processors.AgreementReviewDuties>();
        services.AddScoped<CalendarQueries>();
        services.AddScoped<DutyAssignments>();
        services.AddScoped<ReviewCommands>();
        services.AddScoped<RiskCommands>();
        return services;
    }
}
