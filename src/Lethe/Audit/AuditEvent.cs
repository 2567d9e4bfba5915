namespace Lethe.Audit;

/// <summary>What is to be appended to the audit log; the log adds the time, sequence and hashes.</summary>
/// <param name="Details">Identifiers and counts only — never personal data values such as names or addresses.</param>
public sealed record AuditEvent(
    AuditActor Actor,
    string Action,
    Guid? TenantId = null,
    string? Target = null,
    IReadOnlyDictionary<string, string?>? Details = null);
