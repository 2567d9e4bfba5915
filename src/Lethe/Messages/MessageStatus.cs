using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Messages;

/// <summary>
/// Where a message is: waiting to go (or to be retried), gone, or given up on after the last attempt (<c>failed</c>).
/// Only <see cref="OutboxMessage"/>'s own methods move it, and only along <see cref="MessageStatusRules.CanMove"/>.
/// </summary>
/// <remarks>Numbered from 1 like the request's status, so an unset value is never mistaken for a state.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    [JsonStringEnumMemberName("queued")] Queued = 1,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>The moves a message may make: the one table <see cref="OutboxMessage"/> checks every move against.</summary>
public static class MessageStatusRules
{
    private static readonly Dictionary<MessageStatus, MessageStatus[]> Moves = new()
    {
        // A failed attempt leaves it queued for the next; the last one leaves it failed.
        [MessageStatus.Queued] = [MessageStatus.Queued, MessageStatus.Sent, MessageStatus.Failed],
        // Only an officer queues it again.
        [MessageStatus.Failed] = [MessageStatus.Queued],
        // Sent once: its recipient and body are gone.
        [MessageStatus.Sent] = [],
    };

    extension(MessageStatus)
    {
        public static IReadOnlyList<MessageStatus> All => WireNames.All<MessageStatus>();

        public static bool CanMove(MessageStatus from, MessageStatus to) => Moves.TryGetValue(from, out var next) && next.Contains(to);
    }
}
