using Lethe.Common;
using Lethe.Messages;

namespace Lethe.Tests.Messages;

/// <summary>
/// Every way an <see cref="OutboxMessage"/> can move, tried from every status: a move the table allows happens, one it
/// forbids throws and changes nothing — a sent message is never sent again, one given up on waits for an officer.
/// </summary>
public sealed class MessageTransitionTests
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private sealed record Move(string Name, MessageStatus To, Action<OutboxMessage> Make);

    private static readonly Move[] Moves =
    [
        new("MarkSent", MessageStatus.Sent, m => m.MarkSent(At.AddMinutes(1))),
        new("Fail", MessageStatus.Queued, m => m.Fail("SmtpCommandException", At.AddMinutes(2))),
        new("GiveUp", MessageStatus.Failed, m => m.GiveUp("SmtpCommandException")),
        new("Retry", MessageStatus.Queued, m => m.Retry()),
    ];

    /// <summary>Written out rather than read back from the table.</summary>
    private static readonly (MessageStatus From, MessageStatus To)[] Allowed =
    [
        (MessageStatus.Queued, MessageStatus.Queued), (MessageStatus.Queued, MessageStatus.Sent), (MessageStatus.Queued, MessageStatus.Failed),
        (MessageStatus.Failed, MessageStatus.Queued),
    ];

    public static TheoryData<MessageStatus, string> EveryMoveFromEveryStatus()
    {
        var data = new TheoryData<MessageStatus, string>();
        foreach (var from in MessageStatus.All)
        {
            foreach (var move in Moves)
            {
                data.Add(from, move.Name);
            }
        }

        return data;
    }

    [Fact]
    public void The_table_allows_exactly_the_moves_the_outbox_and_officers_make()
    {
        var table = MessageStatus.All.SelectMany(from => MessageStatus.All.Where(to => MessageStatus.CanMove(from, to)).Select(to => (from, to)));

        table.ShouldBe(Allowed, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(EveryMoveFromEveryStatus))]
    public void A_move_happens_exactly_when_the_table_allows_it(MessageStatus from, string name)
    {
        var move = Moves.Single(m => m.Name == name);
        var message = MessageAt(from);
        var before = (message.LastError, message.NextAttemptAt, message.Attempts, message.SentAt, message.ProtectedTo, message.ProtectedBody);

        if (Allowed.Contains((from, move.To)))
        {
            move.Make(message);
            message.Status.ShouldBe(move.To);
        }
        else
        {
            Should.Throw<InvalidOperationException>(() => move.Make(message)).Message
                .ShouldStartWith($"A message that is {from.ToWire()} cannot become {move.To.ToWire()}");
            message.Status.ShouldBe(from);
            (message.LastError, message.NextAttemptAt, message.Attempts, message.SentAt, message.ProtectedTo, message.ProtectedBody).ShouldBe(before);
        }
    }

    [Fact]
    public void A_sent_message_keeps_when_it_went_and_forgets_to_whom_and_what()
    {
        var message = MessageAt(MessageStatus.Queued);
        message.Fail("IOException", At.AddMinutes(1));

        message.MarkSent(At.AddMinutes(3));

        message.ShouldSatisfyAllConditions(
            m => m.SentAt.ShouldBe(At.AddMinutes(3)),
            m => m.ProtectedTo.ShouldBeNull(),
            m => m.ProtectedBody.ShouldBeNull(),
            m => m.LastError.ShouldBeNull(),
            m => m.Template.ShouldBe(MessageTemplates.Rejected));
    }

    [Fact]
    public void A_failed_attempt_stays_queued_for_its_next_attempt_and_giving_up_leaves_none()
    {
        var message = MessageAt(MessageStatus.Queued);

        message.Fail("SmtpCommandException", At.AddMinutes(2));
        message.ShouldSatisfyAllConditions(
            m => m.Status.ShouldBe(MessageStatus.Queued),
            m => m.LastError.ShouldBe("SmtpCommandException"),
            m => m.NextAttemptAt.ShouldBe(At.AddMinutes(2)));

        message.GiveUp("SmtpCommandException");
        message.ShouldSatisfyAllConditions(m => m.Status.ShouldBe(MessageStatus.Failed), m => m.NextAttemptAt.ShouldBeNull());
    }

    [Fact]
    public void An_officers_retry_counts_attempts_from_zero_and_sends_it_now()
    {
        var message = MessageAt(MessageStatus.Failed);
        message.Attempts = 8;

        message.Retry();

        message.ShouldSatisfyAllConditions(m => m.Status.ShouldBe(MessageStatus.Queued), m => m.Attempts.ShouldBe(0), m => m.NextAttemptAt.ShouldBeNull());
    }

    private static OutboxMessage MessageAt(MessageStatus status)
    {
        var message = new OutboxMessage
        {
            Template = MessageTemplates.Rejected, Language = "da", Subject = "Din anmodning", ProtectedTo = "(sealed)", ProtectedBody = "(sealed)", CreatedAt = At,
        };
        switch (status)
        {
            case MessageStatus.Sent:
                message.MarkSent(At);
                break;
            case MessageStatus.Failed:
                message.GiveUp("SmtpCommandException");
                break;
        }

        message.Status.ShouldBe(status);
        return message;
    }
}
