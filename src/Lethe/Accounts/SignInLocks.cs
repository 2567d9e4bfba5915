using System.Globalization;
using System.Security.Cryptography;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Messages;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Accounts;

/// <summary>
/// Keeps <see cref="SignInLockout"/>: counts wrong passwords and codes per account and client address, pauses sign-in
/// from an address, mails the owner a single-use link that lifts the pause, and lets an operator lift every pause of a
/// person. Pauses and unlocks are audited.
/// </summary>
public sealed class SignInLocks(LetheDbContext db, AuditLog audit, Outbox outbox, PublicAddress address, TimeProvider time)
{
    public const string UnlockPath = "/signin/unlock/";

    public Task<bool> IsLockedAsync(string userId, string client, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.SignInLocks.AnyAsync(l => l.UserId == userId && l.Client == client && l.LockedUntil > now, ct);
    }

    /// <summary>Records a wrong password (or code: <paramref name="factor"/>), pausing sign-in from the address on the last free one.</summary>
    /// <param name="language">The language of the unlock mail: the one the sign-in page was shown in.</param>
    public Task RecordFailureAsync(LetheUser user, string client, string language, string? factor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var target = $"user:{user.Id}";
        // Written before the transaction, whether it will go or not (encrypting it may have to store a new key, which on
        // SQLite would wait for this very transaction); it goes only with the failure that first pauses the series.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var mail = user.Email is { } email ? UnlockMail(email, token, language, now) : null;
        // Under the audit lock: two wrong passwords at the same moment must both count.
        return audit.SaveChangesAsync(async c =>
        {
            var row = await db.SignInLocks.SingleOrDefaultAsync(l => l.UserId == user.Id && l.Client == client, c);
            if (row is null)
            {
                row = new SignInLock { UserId = user.Id, Client = client };
                db.SignInLocks.Add(row);
            }

            var details = factor is null ? null : new Dictionary<string, string?> { ["factor"] = factor };
            var events = new List<AuditEvent> { new(AuditActor.Anonymous, AuditActions.SignInFailed, Target: target, Details: details) };
            if (row.CountFailure(now))
            {
                // The address is not written: it is the personal data of whoever typed, and the entry is kept for ever.
                events.Add(new AuditEvent(AuditActor.Anonymous, AuditActions.SignInLocked, Target: target, Details: new Dictionary<string, string?>
                {
                    ["failures"] = row.Failures.ToString(CultureInfo.InvariantCulture),
                    ["until"] = row.LockedUntil!.Value.ToString("O", CultureInfo.InvariantCulture),
                    ["factor"] = factor,
                }));
                if (row.Failures == SignInLockout.FreeFailures && mail is not null && !await MailedLatelyAsync(user.Id, now, c))
                {
                    row.UnlockTokenHash = TokenHash.Of(token);
                    row.UnlockExpiresAt = now + SignInLockout.LinkLifetime;
                    outbox.Queue(mail);
                }
            }

            // Series a day quiet are over; their addresses are kept no longer than the rule needs them.
            var forgotten = now - SignInLockout.Memory;
            await db.SignInLocks.Where(l => l.LastFailureAt < forgotten && (l.LockedUntil == null || l.LockedUntil < now)
                                            && !(l.UserId == user.Id && l.Client == client)).ExecuteDeleteAsync(c);
            return events;
        }, ct);
    }

    /// <summary>A successful sign-in from the address ends its series.</summary>
    public Task ClearAsync(string userId, string client, CancellationToken ct) =>
        db.SignInLocks.Where(l => l.UserId == userId && l.Client == client).ExecuteDeleteAsync(ct);

    /// <summary>Lifts the pause the mailed link was made for; false for a link unknown, used or expired (alike).</summary>
    public async Task<bool> UnlockAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var hash = TokenHash.Of(token);
        var now = time.GetUtcNow().UtcDateTime;
        var lifted = false;
        // Under the audit lock, so two clicks on one link cannot both count: the first deletes the row.
        await audit.SaveChangesAsync(async c =>
        {
            var row = await db.SignInLocks.AsNoTracking().SingleOrDefaultAsync(l => l.UnlockTokenHash == hash && l.UnlockExpiresAt > now, c);
            if (row is null || await db.SignInLocks.Where(l => l.UserId == row.UserId && l.Client == row.Client).ExecuteDeleteAsync(c) != 1)
            {
                return [];
            }

            lifted = true;
            return [new AuditEvent(AuditActor.Anonymous, AuditActions.SignInUnlocked, Target: $"user:{row.UserId}",
                Details: new Dictionary<string, string?> { ["via"] = "e-mail link" })];
        }, ct);
        return lifted;
    }

    /// <summary>Lifts every pause of the person, from every address (an operator's <c>lethe users unlock</c>).</summary>
    /// <returns>How many addresses were paused or counting.</returns>
    public async Task<int> UnlockAllAsync(string userId, AuditActor actor, CancellationToken ct)
    {
        var lifted = 0;
        await audit.SaveChangesAsync(async c =>
        {
            lifted = await db.SignInLocks.Where(l => l.UserId == userId).ExecuteDeleteAsync(c);
            // Identity's own account-wide lock from before the per-address rule, in case a database still holds one.
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null).SetProperty(u => u.AccessFailedCount, 0), c);
            return [new AuditEvent(actor, AuditActions.SignInUnlocked, Target: $"user:{userId}", Details: new Dictionary<string, string?>
            {
                ["via"] = "operator",
                ["addresses"] = lifted.ToString(CultureInfo.InvariantCulture),
            })];
        }, ct);
        return lifted;
    }

    private Task<bool> MailedLatelyAsync(string userId, DateTime now, CancellationToken ct)
    {
        var issuedAfter = now + SignInLockout.LinkLifetime - SignInLockout.MailInterval;
        return db.SignInLocks.AnyAsync(l => l.UserId == userId && l.UnlockExpiresAt > issuedAfter, ct);
    }

    /// <summary>The mail for the first pause of a series, which always lasts <see cref="SignInLockout.FirstPause"/>.</summary>
    private OutboxMessage UnlockMail(string email, string token, string language, DateTime now) =>
        outbox.ComposeForUser(email, MessageTemplates.SignInPaused, language is "da" or "nb" ? language : "en", new Dictionary<string, string>
        {
            ["link"] = address.Base + UnlockPath + token,
            ["until"] = Utc(now + SignInLockout.FirstPause),
            ["expires"] = Utc(now + SignInLockout.LinkLifetime),
        });

    private static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
