using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lethe.Common;

namespace Lethe.Consent;

/// <summary>
/// Whose consent: a known person by e-mail address, or an anonymous browser by the random id of Lethe's first-party
/// cookie. Both are stored only as a keyed hash, so the log can be searched for a person (for an access answer or an
/// erasure) without holding their address.
/// </summary>
public static partial class ConsentSubject
{
    public const string Person = "person";
    public const string Browser = "browser";

    /// <summary>The normalised value, or null with the reason.</summary>
    public static Outcome<string> Normalize(string? type, string? value) => type switch
    {
        Person when ContactAddress.Email(value ?? "") is { } email => email,
        Person => InvalidInput.For("subject.value", "A person is named by e-mail address, e.g. ida@example.dk."),
        Browser when value is not null && BrowserId().IsMatch(value) => value,
        Browser => InvalidInput.For("subject.value", "A browser id is 16 to 64 letters, digits, '-' or '_' (the banner makes a random one)."),
        _ => InvalidInput.For("subject.type", "must be 'person' (by e-mail address) or 'browser' (the banner's anonymous id)."),
    };

    /// <summary>The tenant's key for subjects: derived from the tenant secret, so it never matches erasure pseudonyms.</summary>
    public static async Task<byte[]> TenantKeyAsync(Storage.LetheDbContext db, Guid tenantId, TimeProvider time, CancellationToken ct) =>
        TenantKey(await Tenancy.TenantSecrets.HashKeyAsync(db, tenantId, time, ct));

    /// <summary>The subject key derived from a tenant secret (<see cref="Tenancy.TenantKeys"/> keeps those at hand).</summary>
    public static byte[] TenantKey(byte[] tenantSecret) => HMACSHA256.HashData(tenantSecret, "lethe consent subjects v1"u8);

    public static string Key(string type, string normalized, byte[] key) =>
        $"{type}:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized)))}";

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex BrowserId();
}
