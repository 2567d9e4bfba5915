namespace Lethe.Accounts;

/// <summary>
/// Failed sign-ins of one account from one client address (<see cref="ClientAddress"/>), and the pause they caused.
/// Kept per address rather than per account, so an outsider's guesses pause only the outsider.
/// </summary>
public sealed class SignInLock
{
    public required string UserId { get; init; }

    /// <summary>The client's address, an IPv6 client's /64 network: who the pause applies to.</summary>
    public required string Client { get; init; }

    /// <summary>Wrong passwords or codes in the current series (a failure a day after the last one starts a new series).</summary>
    public int Failures { get; set; }

    public DateTime LastFailureAt { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>SHA-256 of the single-use link mailed to the owner when the series first paused; the link itself is never stored.</summary>
    public string? UnlockTokenHash { get; set; }

    public DateTime? UnlockExpiresAt { get; set; }

    public bool IsLockedAt(DateTime now) => LockedUntil > now;

    /// <summary>Counts a wrong password or code at <paramref name="now"/>; true when it pauses sign-in from this address.</summary>
    public bool CountFailure(DateTime now)
    {
        if (IsForgottenAt(now))
        {
            Failures = 0;
        }

        Failures++;
        LastFailureAt = now;
        if (SignInLockout.PauseAfter(Failures) is not { } pause)
        {
            return false;
        }

        LockedUntil = now + pause;
        return true;
    }

    /// <summary>A day without failures and no pause running: the series is over, and the row may go.</summary>
    public bool IsForgottenAt(DateTime now) => !IsLockedAt(now) && LastFailureAt < now - SignInLockout.Memory;
}
