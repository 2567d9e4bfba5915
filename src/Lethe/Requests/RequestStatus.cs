using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Requests;

/// <summary>
/// Where a request is in its life: received → awaiting verification → verified → in progress ⇄ awaiting external
/// steps → completed; or rejected (with a reason the person is told) or withdrawn before the work starts. Only
/// <see cref="DataRequest"/>'s own methods move it, and only along <see cref="RequestStatusRules.CanMove"/>.
/// </summary>
/// <remarks>
/// Numbered from 1: the column has a database default (<c>in_progress</c>, for requests older than the lifecycle), and
/// EF Core leaves a property at its CLR default out of an INSERT, so no status may be 0.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
public enum RequestStatus
{
    [JsonStringEnumMemberName("received")] Received = 1,
    [JsonStringEnumMemberName("awaiting_verification")] AwaitingVerification,
    [JsonStringEnumMemberName("verified")] Verified,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("awaiting_external")] AwaitingExternal,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

/// <summary>The moves a request may make, and the words for one it may not.</summary>
public static class RequestStatusRules
{
    private static readonly RequestStatus[] OpenStatuses =
        [RequestStatus.Received, RequestStatus.AwaitingVerification, RequestStatus.Verified, RequestStatus.InProgress, RequestStatus.AwaitingExternal];

    private static readonly Dictionary<RequestStatus, RequestStatus[]> Moves = new()
    {
        [RequestStatus.Received] = [RequestStatus.AwaitingVerification, RequestStatus.Verified, RequestStatus.Rejected, RequestStatus.Withdrawn],
        [RequestStatus.AwaitingVerification] = [RequestStatus.Verified, RequestStatus.Rejected, RequestStatus.Withdrawn],
        [RequestStatus.Verified] = [RequestStatus.InProgress, RequestStatus.Rejected, RequestStatus.Withdrawn],
        // Once the engine has touched datastores the request can only finish: what was erased cannot be un-erased.
        [RequestStatus.InProgress] = [RequestStatus.AwaitingExternal, RequestStatus.Completed],
        [RequestStatus.AwaitingExternal] = [RequestStatus.InProgress, RequestStatus.Completed],
        [RequestStatus.Completed] = [],
        [RequestStatus.Rejected] = [],
        [RequestStatus.Withdrawn] = [],
    };

    extension(RequestStatus)
    {
        public static IReadOnlyList<RequestStatus> All => WireNames.All<RequestStatus>();

        /// <summary>Not yet completed, rejected or withdrawn.</summary>
        public static IReadOnlyList<RequestStatus> Open => OpenStatuses;

        public static bool IsOpen(RequestStatus status) => OpenStatuses.Contains(status);

        public static bool CanMove(RequestStatus from, RequestStatus to) => Moves.TryGetValue(from, out var next) && next.Contains(to);

        /// <summary>Why a move is refused, in words for the person trying it.</summary>
        public static string Refusal(RequestStatus from, RequestStatus to) => from switch
        {
            RequestStatus.Completed or RequestStatus.Rejected or RequestStatus.Withdrawn => $"The request is {Describe(from)}; it cannot become {Describe(to)}.",
            RequestStatus.InProgress or RequestStatus.AwaitingExternal => $"The request is being carried out; it can no longer become {Describe(to)}.",
            _ when to == RequestStatus.InProgress => "Only a request whose identity is verified can be approved; record the identity check first.",
            _ => $"A request that is {Describe(from)} cannot become {Describe(to)}.",
        };

        /// <summary>The status in words: "awaiting verification".</summary>
        public static string Describe(RequestStatus status) => status.ToWire().Replace('_', ' ');
    }
}
