namespace Lethe.Calendar;

/// <summary>
/// Lists some of a tenant's recurring duties from <see cref="DutyFacts"/>, without storage or a clock of its own. The
/// built-in sources are <see cref="HalfYearlyReviewDuty"/>, <see cref="RiskAssessmentDuties"/> and
/// <see cref="NoticeReviewDuty"/>; another feature adds its duties by registering one more source in
/// <see cref="CalendarServices.AddCalendar"/> — agreement reviews (a pure function listing processor agreements due
/// for review) plug in there as a source returning <see cref="DutyKind.AgreementReview"/> duties with the processor key
/// as subject. <see cref="CalendarQueries"/> then shows them on the overview, in the API and in <c>/health/duties</c>.
/// </summary>
public interface IDutySource
{
    IEnumerable<Duty> DutiesFor(DutyFacts facts);
}
