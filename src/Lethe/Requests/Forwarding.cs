using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Processors;
using Lethe.Tenancy;

namespace Lethe.Requests;

/// <summary>
/// A request passed on to the processors and sub-processors that receive the person's data from the company: they help
/// answer it (Art. 28(3)(e)), and a rectification, erasure or restriction is communicated to each recipient (Art. 19).
/// Lethe reaches none of their systems; a person forwards the request and closes the step when the processor confirms.
/// Who receives it is read from the data map: the processors named in <c>recipients</c> of an activity whose
/// <c>systems</c> hold a datastore the person's identities reach — never one that cannot hold the person's data, nor one
/// the data map marks <c>forwardRequests: false</c> (it works only inside the systems Lethe carries the request out in).
/// </summary>
/// <remarks>
/// The step's due date is our choice, not the law's: Art. 12(3) sets the deadline for the answer, not for a processor's
/// part of it. <see cref="DaysBeforeDeadline"/> days before the request's deadline leaves a week to put the answer
/// together or chase the processor; a request approved later than that is due the day it is forwarded, never before.
/// Without a deadline the processor has <see cref="DaysWithoutDeadline"/> days. The day is fixed when the request is
/// forwarded: the processor was asked for it, and a later extension of the request's deadline does not move it.
/// </remarks>
public static class Forwarding
{
    /// <summary>How a forwarded step names where it is carried out, in place of a datastore's <c>system.datastore</c>.</summary>
    public const string Prefix = "sub-processor:";

    /// <summary>How long before the request's deadline the processor's confirmation is due (our choice, not the law's).</summary>
    public const int DaysBeforeDeadline = 7;

    /// <summary>How long after forwarding a request without a deadline the confirmation is due (our choice, not the law's).</summary>
    public const int DaysWithoutDeadline = 14;

    /// <summary>
    /// The roles a request is forwarded to: those who process on the company's instruction. Joint and independent
    /// controllers answer for themselves (Art. 26, and their own Art. 12–22 duties).
    /// </summary>
    public static readonly IReadOnlyList<string> Roles = ["processor", SubProcessors.Role];

    /// <summary>The step's <see cref="RequestStep.Datastore"/> for the processor with <paramref name="key"/>.</summary>
    public static string StepName(string key) => Prefix + key;

    /// <summary>Whether a step named <paramref name="datastore"/> is a request forwarded to a processor rather than a datastore.</summary>
    public static bool IsForwarded(string datastore) => datastore.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The processors the request goes to, in the data map's order: each named in <c>recipients</c> of an activity that
    /// uses a system with a datastore <paramref name="identities"/> reach (<see cref="Reachability.Reachable"/>), with
    /// those activities: what the processor receives of the person. A sub-processor whose change is
    /// <paramref name="announced"/> and has not taken effect at <paramref name="now"/> holds none of the customers' data
    /// yet: one added is left out, and for one replaced the request goes to the company it replaces, by that name.
    /// </summary>
    public static IReadOnlyList<ForwardedTo> Recipients(
        Manifest manifest, IReadOnlyCollection<Identity> identities, IReadOnlyList<AnnouncedChange> announced, DateTime now)
    {
        var reached = manifest.Systems.Where(s => s.Datastores.Any(d => Reachability.Reachable(d, identities)))
            .Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var activities = manifest.Activities.Where(a => a.Systems.Any(reached.Contains)).ToList();
        var inUse = SubProcessors.AsSeenAt(SubProcessors.Of(manifest), announced, now).Where(s => s.InUse)
            .ToDictionary(s => s.Processor.Key, s => s.Processor, StringComparer.Ordinal);
        return manifest.Processors.Where(p => Roles.Contains(p.Role) && p.ForwardRequests != false)
            .Select(p => p.Role == SubProcessors.Role ? inUse.GetValueOrDefault(p.Key) : p)
            .OfType<Processor>()
            .Select(p => new ForwardedTo(p, activities.Where(a => a.Recipients.Contains(p.Key)).ToList()))
            .Where(f => f.Activities.Count > 0).ToList();
    }

    /// <summary>
    /// The last day for the processor's confirmation of a request forwarded on <paramref name="forwardedOn"/>:
    /// <see cref="DaysBeforeDeadline"/> days before <paramref name="requestDue"/> but never before the day it was
    /// forwarded, or <see cref="DaysWithoutDeadline"/> days after forwarding when the request has no deadline.
    /// </summary>
    public static DateOnly DueOn(DateOnly forwardedOn, DateOnly? requestDue)
    {
        if (requestDue is not { } due)
        {
            return forwardedOn.AddDays(DaysWithoutDeadline);
        }

        var early = due.AddDays(-DaysBeforeDeadline);
        return early > forwardedOn ? early : forwardedOn;
    }

    /// <summary>The due day of a request forwarded at <paramref name="forwardedAt"/>, the day counted where the controller is.</summary>
    public static DateOnly DueOn(DateTimeOffset forwardedAt, Country country, DateOnly? requestDue) =>
        DueOn(Deadline.ReceivedOn(forwardedAt, country), requestDue);

    /// <summary>Whether the confirmation is late at <paramref name="now"/>: from the day after it was due, in the controller's time zone.</summary>
    public static bool IsOverdue(DateOnly due, DateTimeOffset now, Country country) => Deadline.IsOverdue(due, now, country);
}

/// <summary>A processor a request is forwarded to, and the activities through which it receives the person's data.</summary>
public sealed record ForwardedTo(Processor Processor, IReadOnlyList<ProcessingActivity> Activities);
