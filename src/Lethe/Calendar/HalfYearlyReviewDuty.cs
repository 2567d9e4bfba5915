namespace Lethe.Calendar;

/// <summary>
/// "Den dataansvarlige sikrer at der halvårligt foretages en kontrol og vedligeholdelse" (the seeds' policy 003): one
/// review every six months, once the tenant has a data map to review. While one is in progress it is the starter's.
/// </summary>
public sealed class HalfYearlyReviewDuty : IDutySource
{
    public static readonly string Id = Common.WireNames.ToWire(DutyKind.HalfYearlyReview);

    public IEnumerable<Duty> DutiesFor(DutyFacts facts)
    {
        if (facts.Manifest is null)
        {
            yield break;
        }

        var done = facts.Done(Id);
        var owner = facts.InHand.TryGetValue(Id, out var user) ? DutyOwner.ForUser(user) : DutyOwner.Officer;
        yield return new Duty(DutyKind.HalfYearlyReview, null, owner, Recurrence.HalfYearly.NextDue(done?.On, facts.Start), done?.On, Recurrence.HalfYearly);
    }
}
