namespace Lethe.Calendar;

/// <summary>
/// Lists some of a tenant's recurring duties from <see cref="DutyFacts"/>, without storage or a clock of its own. The
/// built-in sources are <see cref="HalfYearlyReviewDuty"/>, <see cref="RiskAssessmentDuties"/> and
/// <see cref="NoticeReviewDuty"/> and the processors' <see cref="Processors.AgreementReviewDuties"/>, registered in
/// <see cref="CalendarServices.AddCalendar"/>. <see cref="CalendarQueries"/> then shows them on the overview, in the API and in <c>/health/duties</c>.
/// </summary>
public interface IDutySource
{
    IEnumerable<Duty> DutiesFor(DutyFacts facts);
}
