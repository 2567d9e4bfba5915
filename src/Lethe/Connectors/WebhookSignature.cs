using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lethe.Connectors;

/// <summary>
/// Signatures of webhook jobs and callbacks: HMAC-SHA256 with the datastore's shared secret over
/// <c>timestamp + "." + body</c>, sent as <c>X-Lethe-Timestamp</c> (Unix seconds) and <c>X-Lethe-Signature: sha256=hex</c>.
/// The timestamp is signed so that a captured message cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Lethe-Timestamp";
    public const string SignatureHeader = "X-Lethe-Signature";

    /// <summary>How old or how far ahead a callback's timestamp may be.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <returns>Null when valid; otherwise why not, for the log (never the expected signature).</returns>
    public static string? Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"the {TimestampHeader} header is missing or not Unix seconds";
        }

        if (signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return $"the {SignatureHeader} header is missing or not sha256=…";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return "the signature does not match the body";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age > Tolerance || age < -Tolerance ? "the timestamp is too old or in the future; the message may be a replay" : null;
    }
}
