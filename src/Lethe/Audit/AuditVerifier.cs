using System.Globalization;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Audit;

/// <summary>Walks the whole audit log in order and recomputes every hash; streams, so a long log costs no memory.</summary>
public static class AuditVerifier
{
    /// <param name="expectedHead">A head hash kept outside the database (see <c>lethe audit head</c>); when given, the log must still reach it.</param>
    public static async Task<AuditVerification> VerifyAsync(LetheDbContext db, string? expectedHead, CancellationToken cancellationToken)
    {
        long expectedSequence = 1;
        var previousHash = AuditChain.Genesis;
        var entries = db.AuditEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable();
        var sawExpectedHead = expectedHead is null;

        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expectedSequence)
            {
                return Broken(expectedSequence, previousHash, entry.Sequence > expectedSequence
                    ? $"entry #{expectedSequence} is missing: the log jumps from #{expectedSequence - 1} to #{entry.Sequence} (removed)"
                    : $"entry #{entry.Sequence} appears out of order after #{expectedSequence - 1} (reordered)");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(entry.Sequence, previousHash,
                    $"entry #{entry.Sequence} does not follow entry #{entry.Sequence - 1} (an entry before it was removed, replaced or reordered)");
            }

            if (!string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return Broken(entry.Sequence, previousHash,
                    string.Create(CultureInfo.InvariantCulture, $"entry #{entry.Sequence} ({entry.Action} at {entry.OccurredAt:yyyy-MM-dd HH:mm:ss} UTC) was changed: its content no longer matches its hash"));
            }

            sawExpectedHead |= string.Equals(entry.Hash, expectedHead, StringComparison.Ordinal);
            previousHash = entry.Hash;
            expectedSequence++;
        }

        var last = expectedSequence - 1;
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        if (head is null && last > 0)
        {
            return Broken(last, previousHash, "the head record is missing, so removals at the end of the log cannot be ruled out");
        }

        if (head is not null && (head.Sequence != last || !string.Equals(head.Hash, previousHash, StringComparison.Ordinal)))
        {
            return head.Sequence > last
                ? Broken(last + 1, previousHash, head.Sequence == last + 1
                    ? $"entry #{head.Sequence} is missing: the log ends at #{last} but its head records #{head.Sequence} (removed)"
                    : $"entries #{last + 1} to #{head.Sequence} are missing: the log ends at #{last} but its head records #{head.Sequence} (removed)")
                : Broken(head.Sequence, previousHash, $"the head records entry #{head.Sequence} with another hash than the log holds (changed)");
        }

        if (!sawExpectedHead)
        {
            return Broken(last, previousHash, $"the log no longer contains the head {expectedHead} you kept: it was rewritten");
        }

        return new AuditVerification(last, previousHash, null, null);

        AuditVerification Broken(long sequence, string hashSoFar, string problem) => new(sequence - 1, hashSoFar, sequence, problem);
    }
}
