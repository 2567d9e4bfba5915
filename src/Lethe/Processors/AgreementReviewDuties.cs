using Lethe.Calendar;

namespace Lethe.Processors;

/// <summary>
/// Art. 28 agreements read again: one duty per processor and sub-processor of the data map. The data map's review date
/// sets the day; keeping a newer agreement document on or after that day counts as the review done, after which the
/// next one comes a year later until the data map names a new date. An agreement without a review date is reviewed
/// yearly from the day it was signed (or from the start, when the data map dates nothing).
/// </summary>
public sealed class AgreementReviewDuties : IDutySource
{
    public static string IdFor(string processor) => $"{Common.WireNames.ToWire(DutyKind.AgreementReview)}:{processor}";

    public IEnumerable<Duty> DutiesFor(DutyFacts facts)
    {
        if (facts.Manifest is null)
        {
            yield break;
        }

        foreach (var status in ProcessorAgreements.Of(facts.Manifest, []).Where(a => a.Needed))
        {
            var processor = status.Processor;
            var done = facts.Done(IdFor(processor.Key));
            var owner = done?.By is { } by ? DutyOwner.ForUser(by) : DutyOwner.Officer;
            var due = processor.ReviewDate is { } review && (done is null || done.On < review)
                ? review
                : Recurrence.Yearly.NextDue(done?.On ?? processor.AgreementDate, facts.Start);
            yield return new Duty(DutyKind.AgreementReview, processor.Key, owner, due, done?.On, Recurrence.Yearly);
        }
    }
}
