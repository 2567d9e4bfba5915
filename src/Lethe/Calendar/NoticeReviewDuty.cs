namespace Lethe.Calendar;

/// <summary>
/// The privacy notice read again once a year against what the company does (Art. 12–14 require it to stay true; the
/// drift check sees only what the data map says). Publishing a version counts as reviewing it.
/// </summary>
public sealed class NoticeReviewDuty : IDutySource
{
    public static readonly string Id = Common.WireNames.ToWire(DutyKind.NoticeReview);

    public IEnumerable<Duty> DutiesFor(DutyFacts facts)
    {
        if (facts.Manifest is null)
        {
            yield break;
        }

        var done = facts.Done(Id);
        yield return new Duty(DutyKind.NoticeReview, null, DutyOwner.Officer, Recurrence.Yearly.NextDue(done?.On, facts.Start), done?.On, Recurrence.Yearly);
    }
}
