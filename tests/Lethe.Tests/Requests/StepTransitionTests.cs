using Lethe.DataMap;
using Lethe.Requests;

namespace Lethe.Tests.Requests;

/// <summary>
/// Every way a <see cref="RequestStep"/> can move, tried from every status: a move the table allows happens, one it
/// forbids throws (a bug in Lethe, never a person's doing) and changes nothing.
/// </summary>
public sealed class StepTransitionTests
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private sealed record Move(string Name, StepStatus To, Action<RequestStep> Make);

    private static readonly Move[] Moves =
    [
        new("Complete", StepStatus.Done, s => s.Complete(At.AddHours(1), "agent@example.dk")),
        new("Wait", StepStatus.Waiting, s => s.Wait("the identities match 2 people")),
        new("Postpone", StepStatus.Pending, s => s.Postpone(At.AddDays(1))),
        new("Fail", StepStatus.Failed, s => s.Fail("billing.db could not be read", At.AddMinutes(2))),
        new("GiveUp", StepStatus.GaveUp, s => s.GiveUp("billing.db could not be read")),
        new("Retry", StepStatus.Pending, s => s.Retry()),
        new("Resume", StepStatus.Pending, s => s.Resume(At.AddMinutes(5))),
    ];

    /// <summary>The moves as the worker and the officers need them, written out rather than read back from the table.</summary>
    private static readonly (StepStatus From, StepStatus To)[] Allowed =
    [
        (StepStatus.Pending, StepStatus.Pending), (StepStatus.Pending, StepStatus.Waiting), (StepStatus.Pending, StepStatus.Done),
        (StepStatus.Pending, StepStatus.Failed), (StepStatus.Pending, StepStatus.GaveUp),
        (StepStatus.Failed, StepStatus.Pending), (StepStatus.Failed, StepStatus.Waiting), (StepStatus.Failed, StepStatus.Done),
        (StepStatus.Failed, StepStatus.Failed), (StepStatus.Failed, StepStatus.GaveUp),
        (StepStatus.Waiting, StepStatus.Pending), (StepStatus.Waiting, StepStatus.Done),
        (StepStatus.GaveUp, StepStatus.Pending),
    ];

    public static TheoryData<StepStatus, string> EveryMoveFromEveryStatus()
    {
        var data = new TheoryData<StepStatus, string>();
        foreach (var from in StepStatus.All)
        {
            foreach (var move in Moves)
            {
                data.Add(from, move.Name);
            }
        }

        return data;
    }

    [Fact]
    public void The_table_allows_exactly_the_moves_the_worker_and_officers_make()
    {
        var table = StepStatus.All.SelectMany(from => StepStatus.All.Where(to => StepStatus.CanMove(from, to)).Select(to => (from, to)));

        table.ShouldBe(Allowed, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(EveryMoveFromEveryStatus))]
    public void A_move_happens_exactly_when_the_table_allows_it(StepStatus from, string name)
    {
        var move = Moves.Single(m => m.Name == name);
        var step = StepAt(from);
        var before = (step.LastError, step.NextAttemptAt, step.Attempts, step.CompletedAt, step.CompletedBy, step.OutcomeJson);

        if (Allowed.Contains((from, move.To)))
        {
            move.Make(step);
            step.Status.ShouldBe(move.To);
        }
        else
        {
            Should.Throw<InvalidOperationException>(() => move.Make(step)).Message
                .ShouldStartWith($"A step that is {WireName(from)} cannot become {WireName(move.To)}");
            step.Status.ShouldBe(from);
            (step.LastError, step.NextAttemptAt, step.Attempts, step.CompletedAt, step.CompletedBy, step.OutcomeJson).ShouldBe(before);
        }
    }

    [Fact]
    public void Every_move_the_table_allows_is_one_some_method_makes()
    {
        var made = new HashSet<(StepStatus, StepStatus)>();
        foreach (var from in StepStatus.All)
        {
            foreach (var move in Moves.Where(m => StepStatus.CanMove(from, m.To)))
            {
                var step = StepAt(from);
                move.Make(step);
                made.Add((from, step.Status));
            }
        }

        made.ShouldBe(Allowed, ignoreOrder: true);
    }

    [Fact]
    public void A_failure_keeps_its_error_and_next_attempt_and_giving_up_leaves_no_next_attempt()
    {
        var step = StepAt(StepStatus.Pending);
        step.Attempts = 3;

        step.Fail("billing.db could not be read", At.AddMinutes(4));
        step.ShouldSatisfyAllConditions(
            s => s.LastError.ShouldBe("billing.db could not be read"),
            s => s.NextAttemptAt.ShouldBe(At.AddMinutes(4)),
            s => s.Attempts.ShouldBe(3));

        step.GiveUp("billing.db is gone");
        step.ShouldSatisfyAllConditions(s => s.LastError.ShouldBe("billing.db is gone"), s => s.NextAttemptAt.ShouldBeNull());
    }

    [Fact]
    public void An_officers_retry_counts_attempts_from_zero_and_runs_it_now()
    {
        var step = StepAt(StepStatus.GaveUp);
        step.Attempts = 20;

        step.Retry();

        step.ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(StepStatus.Pending),
            s => s.Attempts.ShouldBe(0),
            s => s.NextAttemptAt.ShouldBeNull());
    }

    [Fact]
    public void Resuming_after_a_choice_forgets_what_the_step_waited_for()
    {
        var step = StepAt(StepStatus.Pending);
        step.OutcomeJson = "{\"ambiguous\":{}}";
        step.Wait("the identities match 2 people");

        step.Resume(At.AddMinutes(5));

        step.ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(StepStatus.Pending),
            s => s.LastError.ShouldBeNull(),
            s => s.OutcomeJson.ShouldBeNull(),
            s => s.NextAttemptAt.ShouldBe(At.AddMinutes(5)));
    }

    [Fact]
    public void A_task_closed_by_hand_says_who_closed_it_and_when()
    {
        var step = StepAt(StepStatus.Waiting);

        step.Complete(At.AddHours(2), "agent@example.dk");

        step.ShouldSatisfyAllConditions(
            s => s.CompletedAt.ShouldBe(At.AddHours(2)),
            s => s.CompletedBy.ShouldBe("agent@example.dk"),
            s => s.LastError.ShouldBeNull());
    }

    /// <summary>A step brought to <paramref name="status"/> the only way there is: through its own moves.</summary>
    internal static RequestStep StepAt(StepStatus status)
    {
        var step = new RequestStep { Datastore = "billing.db", Connector = DatastoreKind.Sqlite, NextAttemptAt = At };
        switch (status)
        {
            case StepStatus.Waiting:
                step.Wait();
                break;
            case StepStatus.Done:
                step.Complete(At);
                break;
            case StepStatus.Failed:
                step.Fail("billing.db could not be read", At.AddMinutes(1));
                break;
            case StepStatus.GaveUp:
                step.GiveUp("billing.db could not be read");
                break;
        }

        step.Status.ShouldBe(status);
        return step;
    }

    private static string WireName(StepStatus status) => Lethe.Common.WireNames.Of(status);
}
