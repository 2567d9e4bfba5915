using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lethe.Audit;

/// <summary>The hashing rule of the audit log, in one place so the writer and the verifier cannot drift apart.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of entry 1.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Truncates to whole microseconds: PostgreSQL keeps no more, and the hash must survive the round trip.</summary>
    public static DateTime Normalize(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    public static string ComputeHash(AuditEntry e) => ComputeHash(
        e.Sequence, e.OccurredAt, e.ActorKind, e.ActorId, e.ActorName, e.TenantId, e.Action, e.Target, e.Details, e.PreviousHash);

    public static string ComputeHash(
        long sequence,
        DateTime occurredAt,
        string actorKind,
        string? actorId,
        string? actorName,
        Guid? tenantId,
        string action,
        string? target,
        string details,
        string previousHash)
    {
        // A JSON array is an unambiguous encoding: no field can smuggle a separator into its neighbour.
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            sequence,
            occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            actorKind,
            actorId,
            actorName,
            tenantId?.ToString("D"),
            action,
            target,
            details,
            previousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
