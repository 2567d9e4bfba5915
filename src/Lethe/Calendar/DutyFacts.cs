using Lethe.DataMap;
using Lethe.Tenancy;

namespace Lethe.Calendar;

/// <summary>
/// What a duty source needs to say which duties a tenant has and when they are due, read once from the database:
/// nothing in a source touches storage, so each is a table test.
/// </summary>
public sealed record DutyFacts
{
    public required Country Country { get; init; }

    /// <summary>Today where the tenant is.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>The day the tenant started with Lethe: what a duty never yet done counts from.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>The data map in force; null before the first import.</summary>
    public Manifest? Manifest { get; init; }

    /// <summary>When each duty was last done, by <see cref="Duty.Id"/>.</summary>
    public IReadOnlyDictionary<string, DutyDone> LastDone { get; init; } = new Dictionary<string, DutyDone>();

    /// <summary>Who is doing a duty now (a review in progress), by <see cref="Duty.Id"/>.</summary>
    public IReadOnlyDictionary<string, string> InHand { get; init; } = new Dictionary<string, string>();

    /// <summary>Who each duty was given to by hand (<see cref="DutyAssignment"/>), by <see cref="Duty.Id"/>.</summary>
    public IReadOnlyDictionary<string, string> Assigned { get; init; } = new Dictionary<string, string>();

    public DutyDone? Done(string id) => LastDone.GetValueOrDefault(id);
}

/// <summary>A duty done: the day (in the tenant's calendar) and by whom.</summary>
public sealed record DutyDone(DateOnly On, string? By);
