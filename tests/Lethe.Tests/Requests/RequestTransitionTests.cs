using Lethe.Common;
using Lethe.Requests;

namespace Lethe.Tests.Requests;

/// <summary>
/// Every way <see cref="DataRequest"/> can move, tried from every status against the transition table: a move the
/// table allows happens, one it forbids is refused with the table's sentence and changes nothing.
/// </summary>
public sealed class RequestTransitionTests
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A public move of the request: where it goes, the move itself (null when it happened), and the statuses it is a
    /// move from at all (approval is the move out of verified; following the steps is for a request being carried out).
    /// </summary>
    private sealed record Move(string Name, RequestStatus To, Func<DataRequest, Conflict?> Make, RequestStatus[]? From = null)
    {
        public bool Applies(RequestStatus from) => From is null || From.Contains(from);

        public bool Refuses => !Name.StartsWith("FollowSteps", StringComparison.Ordinal);
    }

    private static readonly RequestStatus[] BeingCarriedOut = [RequestStatus.InProgress, RequestStatus.AwaitingExternal];

    private static readonly Move[] Moves =
    [
        new("AwaitVerification", RequestStatus.AwaitingVerification, r => r.AwaitVerification()),
        new("Verify", RequestStatus.Verified, r => r.Verify("Signed letter", "agent@example.dk", At)),
        new("Approve", RequestStatus.InProgress, r => r.Approve("agent@example.dk", At, 3), [RequestStatus.Verified]),
        new("Reject", RequestStatus.Rejected, r => r.Reject("We could not confirm who wrote.", At)),
        new("Withdraw", RequestStatus.Withdrawn, r => r.Withdraw(At)),
        new("Complete", RequestStatus.Completed, r => r.Complete(At)),
        // Following the steps is the worker's move, not a person's: it refuses nothing and leaves other requests as they are.
        new("FollowSteps(waiting)", RequestStatus.AwaitingExternal, r => Follow(r, StepStatus.Waiting, StepStatus.Done), BeingCarriedOut),
        new("FollowSteps(pending)", RequestStatus.InProgress, r => Follow(r, StepStatus.Pending, StepStatus.Done), BeingCarriedOut),
        new("FollowSteps(done)", RequestStatus.Completed, r => Follow(r, StepStatus.Done, StepStatus.Done), BeingCarriedOut),
    ];

    public static TheoryData<RequestStatus, string> EveryMoveFromEveryStatus()
    {
        var data = new TheoryData<RequestStatus, string>();
        foreach (var from in RequestStatus.All)
        {
            foreach (var move in Moves)
            {
                data.Add(from, move.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMoveFromEveryStatus))]
    public void A_move_happens_exactly_when_the_table_allows_it(RequestStatus from, string name)
    {
        var move = Moves.Single(m => m.Name == name);
        var request = RequestAt(from);
        var allowed = move.Applies(from) && RequestStatus.CanMove(from, move.To);

        var refused = move.Make(request);

        if (allowed)
        {
            refused.ShouldBeNull();
            request.Status.ShouldBe(move.To);
        }
        else
        {
            request.Status.ShouldBe(from);
            if (move.Refuses)
            {
                refused.ShouldNotBeNull().Detail.ShouldBe(RequestStatus.Refusal(from, move.To));
            }
        }
    }

    [Fact]
    public void Every_move_the_table_allows_is_one_some_method_makes_and_none_other()
    {
        var made = new HashSet<(RequestStatus, RequestStatus)>();
        foreach (var from in RequestStatus.All)
        {
            foreach (var move in Moves)
            {
                var request = RequestAt(from);
                if (move.Make(request) is null && request.Status != from)
                {
                    made.Add((from, request.Status));
                }
            }
        }

        var table = RequestStatus.All.SelectMany(from => RequestStatus.All.Where(to => RequestStatus.CanMove(from, to)).Select(to => (from, to))).ToHashSet();
        made.ShouldBe(table, ignoreOrder: true);
    }

    [Fact]
    public void A_refused_move_leaves_what_the_person_was_told_as_it_was()
    {
        var request = RequestAt(RequestStatus.Rejected);
        var reason = request.RejectionReason;
        var closed = request.ClosedAt;

        request.Verify("Passport seen", "agent@example.dk", At.AddDays(1)).ShouldNotBeNull();
        request.Withdraw(At.AddDays(1)).ShouldNotBeNull();
        request.Reject("Another reason", At.AddDays(1)).ShouldNotBeNull();

        request.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RequestStatus.Rejected),
            r => r.RejectionReason.ShouldBe(reason),
            r => r.ClosedAt.ShouldBe(closed),
            r => r.VerificationEvidence.ShouldBe("Signed letter"));
    }

    [Fact]
    public void Completing_keeps_the_first_completion_time()
    {
        var request = RequestAt(RequestStatus.AwaitingExternal);
        request.Complete(At.AddDays(2)).ShouldBeNull();
        request.ShouldSatisfyAllConditions(
            r => r.CompletedAt.ShouldBe(At.AddDays(2)),
            r => r.ClosedAt.ShouldBe(At.AddDays(2)),
            r => r.ApprovedAt.ShouldBe(At),
            r => r.DataMapRevision.ShouldBe(3));
    }

    /// <summary>A request brought to <paramref name="status"/> the only way there is: through its own moves.</summary>
    private static DataRequest RequestAt(RequestStatus status)
    {
        var request = new DataRequest { Type = RequestType.Access, IdentitiesJson = "[]", CreatedAt = At };
        Conflict? refused = status switch
        {
            RequestStatus.Received => null,
            RequestStatus.AwaitingVerification => request.AwaitVerification(),
            RequestStatus.Verified => request.Verify("Signed letter", "agent@example.dk", At),
            RequestStatus.Rejected => request.Verify("Signed letter", "agent@example.dk", At) ?? request.Reject("We could not confirm who wrote.", At),
            RequestStatus.Withdrawn => request.Withdraw(At),
            _ => request.Verify("Signed letter", "agent@example.dk", At) ?? request.Approve("agent@example.dk", At, 3),
        };
        refused.ShouldBeNull();
        if (status == RequestStatus.AwaitingExternal)
        {
            Follow(request, StepStatus.Waiting, StepStatus.Done);
        }
        else if (status == RequestStatus.Completed)
        {
            request.Complete(At).ShouldBeNull();
        }

        request.Status.ShouldBe(status);
        return request;
    }

    private static Conflict? Follow(DataRequest request, params StepStatus[] steps)
    {
        request.FollowSteps(steps.Select(StepTransitionTests.StepAt).ToList(), At);
        return null;
    }
}
