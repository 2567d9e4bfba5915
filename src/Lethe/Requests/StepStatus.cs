using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Requests;

/// <summary>
/// Where a step is: waiting to run, waiting for a system or a person, done, failed and due again, or given up on after
/// the last attempt — then it waits for an officer to try it again. Only <see cref="RequestStep"/>'s own methods move it,
/// and only along <see cref="StepStatusRules.CanMove"/>.
/// </summary>
/// <remarks>Numbered from 1 like the request's status, so an unset value is never mistaken for a state.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    [JsonStringEnumMemberName("pending")] Pending = 1,
    [JsonStringEnumMemberName("waiting")] Waiting,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("gave_up")] GaveUp,
}

/// <summary>The moves a step may make: the one table <see cref="RequestStep"/> checks every move against.</summary>
public static class StepStatusRules
{
    private static readonly Dictionary<StepStatus, StepStatus[]> Moves = new()
    {
        // A step the worker runs (pending, or failed and due again) ends the run done, waiting for a system or a person,
        // pending until a later day (a legal hold, another datastore's choice), failed again, or given up on.
        [StepStatus.Pending] = [StepStatus.Pending, StepStatus.Waiting, StepStatus.Done, StepStatus.Failed, StepStatus.GaveUp],
        [StepStatus.Failed] = [StepStatus.Pending, StepStatus.Waiting, StepStatus.Done, StepStatus.Failed, StepStatus.GaveUp],
        // Answered by the system or the person, or run again once the agent chose the person.
        [StepStatus.Waiting] = [StepStatus.Pending, StepStatus.Done],
        // Only an officer starts it again.
        [StepStatus.GaveUp] = [StepStatus.Pending],
        // What was erased cannot be un-erased.
        [StepStatus.Done] = [],
    };

    extension(StepStatus)
    {
        public static IReadOnlyList<StepStatus> All => WireNames.All<StepStatus>();

        public static bool CanMove(StepStatus from, StepStatus to) => Moves.TryGetValue(from, out var next) && next.Contains(to);
    }
}
