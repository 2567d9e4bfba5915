using Lethe.Common;
using System.Security.Cryptography;
using System.Text;

namespace Lethe.Requests;

/// <summary>What a token lets its holder do.</summary>
public static class TokenPurpose
{
    /// <summary>Confirm the e-mail address of a privacy-centre request: single use, 24 hours.</summary>
    public const string Verify = "verify";

    /// <summary>Follow the request and fetch its answer: until the answer expires.</summary>
    public const string Status = "status";
}

/// <summary>
/// A secret handed to the person by e-mail. Only its SHA-256 is stored: the token carries 160 random bits, so a fast
/// hash is safe, and a stolen database yields no working link.
/// </summary>
public sealed class RequestToken : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    public required string Purpose { get; init; }

    public required string Hash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }

    /// <summary>A new random token (20 bytes, Crockford base32: 32 characters a person can also type) and its hash.</summary>
    public static (string Token, string Hash) New()
    {
        var token = Base32(RandomNumberGenerator.GetBytes(20));
        return (token, HashOf(token));
    }

    /// <summary>The hash a presented token is looked up by; case, spaces and dashes a person typed do not matter.</summary>
    public static string HashOf(string token)
    {
        var canonical = new string(token.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return TokenHash.Of(canonical);
    }

    /// <summary>The code grouped in fours for reading aloud or typing.</summary>
    public static string Grouped(string token) => string.Join('-', token.Chunk(4).Select(c => new string(c)));

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var text = new StringBuilder(bytes.Length * 8 / 5);
        for (var bit = 0; bit + 5 <= bytes.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++)
            {
                var b = bit + i;
                value = (value << 1) | ((bytes[b / 8] >> (7 - (b % 8))) & 1);
            }

            text.Append(alphabet[value]);
        }

        return text.ToString();
    }
}
