using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Lethe.Accounts;

/// <summary>
/// A password hash checked when there is no real one to check (an address without an account, a paused sign-in), so
/// those answers cost what a wrong password costs and their timing does not tell which addresses have accounts.
/// </summary>
public sealed class DecoyPassword(IOptions<PasswordHasherOptions> options)
{
    private static readonly LetheUser Nobody = new();

    // The same hasher and settings as real passwords, so the same iterations; made once, not per answer.
    private readonly PasswordHasher<LetheUser> _hasher = new(options);
    private readonly Lazy<string> _hash = new(() => new PasswordHasher<LetheUser>(options).HashPassword(Nobody, GeneratedPassword.Create()));

    public void Check(string? password) => _hasher.VerifyHashedPassword(Nobody, _hash.Value, password ?? "");
}
