using Lethe.Common;

namespace Lethe.Audit;

/// <summary>A filter over the audit log, newest first, paged by sequence (<see cref="Before"/>) so pages stay stable while the log grows.</summary>
public sealed record AuditSearch
{
    public const int MaxLimit = 500;

    public string? Action { get; init; }

    public string? Actor { get; init; }

    public string? Target { get; init; }

    /// <summary>Entries about one request.</summary>
    public Guid? Request { get; init; }

    /// <summary>A data subject's e-mail address or one of their requests' ids, as typed; <see cref="Targets"/> holds what it found.</summary>
    public string? Person { get; init; }

    /// <summary>When set, only entries with one of these targets (the requests <see cref="Person"/> made; none: nothing matches).</summary>
    public IReadOnlyCollection<string>? Targets { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public long? Before { get; init; }

    /// <summary>
    /// The last moment of <paramref name="day"/>, for a "to" date picked in a form: the whole day is included. The last
    /// day of the calendar has no next day to count back from (9999-12-31 overflowed, a 500).
    /// </summary>
    public static DateTime? ThroughDay(DateTime? day) =>
        day?.Date == DateTime.MaxValue.Date ? DateTime.MaxValue : day?.Date.AddDays(1).AddTicks(-1);

    public int Limit { get; init; } = 50;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Optional("action", Action, 64);
        errors.Optional("actor", Actor, 256);
        errors.Optional("target", Target, 200);
        errors.Optional("person", Person, 256);
        if (Limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        if (From > To)
        {
            errors.Add("from", "'from' must not be after 'to'.");
        }

        return errors;
    }

    /// <summary>Applies the filter to <paramref name="entries"/> (already narrowed to a tenant, or not, by the caller).</summary>
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (!string.IsNullOrWhiteSpace(Action))
        {
            entries = entries.Where(e => e.Action.StartsWith(Action));
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            entries = entries.Where(e => e.ActorName == Actor || e.ActorId == Actor);
        }

        if (!string.IsNullOrWhiteSpace(Target))
        {
            entries = entries.Where(e => e.Target == Target);
        }

        if (Request is { } request)
        {
            var target = $"request:{request}";
            entries = entries.Where(e => e.Target == target);
        }

        if (Targets is { } targets)
        {
            entries = entries.Where(e => e.Target != null && targets.Contains(e.Target));
        }

        if (From is { } from)
        {
            var utc = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            entries = entries.Where(e => e.OccurredAt >= utc);
        }

        if (To is { } to)
        {
            var utc = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            entries = entries.Where(e => e.OccurredAt <= utc);
        }

        if (Before is { } before)
        {
            entries = entries.Where(e => e.Sequence < before);
        }

        return entries.OrderByDescending(e => e.Sequence).Take(Limit);
    }
}
