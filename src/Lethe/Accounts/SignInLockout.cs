namespace Lethe.Accounts;

/// <summary>
/// The lockout rule. From one client address an account allows <see cref="FreeFailures"/> wrong passwords (or codes);
/// the last of them pauses sign-in from that address for <see cref="FirstPause"/>, and every further failure once the
/// pause is over doubles it, up to <see cref="LongestPause"/>. Other addresses are not affected: a global lock would let
/// anyone who knows an address keep its owner out, the only admin included.
/// </summary>
public static class SignInLockout
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan FirstPause = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan LongestPause = TimeSpan.FromDays(1);

    /// <summary>How long failures are remembered after the last one (and after the pause ends).</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromDays(1);

    /// <summary>How long the unlock link mailed to the owner works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(1);

    /// <summary>At most one unlock mail per account in this time, however many addresses pause it: no mail bombing.</summary>
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(15);

    /// <summary>The pause after the <paramref name="failures"/>th failure in a series, or null for none yet.</summary>
    public static TimeSpan? PauseAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return null;
        }

        // Past 2^7 the pause is beyond a day anyway; the cap keeps the shift from overflowing.
        var doublings = Math.Min(failures - FreeFailures, 7);
        var pause = FirstPause * (1 << doublings);
        return pause < LongestPause ? pause : LongestPause;
    }
}
