namespace Lethe.Calendar;

/// <summary>
/// "Gennemførelse af risikovurdering og dokumentation af alle systemer" (the seeds' 001 and 003): a risk assessment of
/// every system of the data map, yearly. The last assessor owns the next one; a system never assessed is the officer's.
/// </summary>
public sealed class RiskAssessmentDuties : IDutySource
{
    public static string IdFor(string system) => $"{Common.WireNames.ToWire(DutyKind.RiskAssessment)}:{system}";

    public IEnumerable<Duty> DutiesFor(DutyFacts facts)
    {
        foreach (var system in facts.Manifest?.Systems ?? [])
        {
            var done = facts.Done(IdFor(system.Key));
            var owner = done?.By is { } by ? DutyOwner.ForUser(by) : DutyOwner.Officer;
            yield return new Duty(DutyKind.RiskAssessment, system.Key, owner, Recurrence.Yearly.NextDue(done?.On, facts.Start), done?.On, Recurrence.Yearly);
        }
    }
}
