using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Lethe.Web.PrivacyCentre;

/// <summary>
/// Limits on the public privacy centre, per client IP and per e-mail address (hashed, so the limiter's memory holds no
/// addresses): filing a request and trying verification codes. A refusal says when to try again.
/// The address limit keeps an inbox from being flooded with confirmation mails, so only what mails an address spends
/// it, and in one tenant only: a stranger posting a person's address with an empty form, or on another company's
/// privacy page, must not lock that person out of filing here.
/// </summary>
public sealed class PublicRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("address:", StringComparison.Ordinal) ? 3
                : k.StartsWith("verify:", StringComparison.Ordinal) ? 20
                : k.StartsWith("consent:", StringComparison.Ordinal) ? 600 : 10,
            Window = k.StartsWith("address:", StringComparison.Ordinal) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(10),
            QueueLimit = 0,
        }));

    /// <summary>Any post of a public form from this client.</summary>
    /// <returns>Null when allowed, otherwise the seconds to wait.</returns>
    public int? TryClient(string? ip) => Refused("intake:" + (ip ?? "unknown"));

    /// <summary>A form about to mail <paramref name="address"/> on <paramref name="tenant"/>'s privacy page; no address, no mail, no limit.</summary>
    /// <returns>Null when allowed, otherwise the seconds to wait.</returns>
    public int? TryMail(string tenant, string? address) => !Lethe.Common.EmailSyntax.IsValid(address) ? null
        : Refused($"address:{tenant}:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address!.Trim().ToLowerInvariant()))));

    public int? TryVerify(string? ip) => Refused("verify:" + (ip ?? "unknown"));

    /// <summary>The banner's events: generous (a page of visitors behind one address), but not unlimited.</summary>
    public int? TryRecordConsent(string? ip) => Refused("consent:" + (ip ?? "unknown"));

    private int? Refused(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
    }

    public void Dispose() => _limiter.Dispose();
}
