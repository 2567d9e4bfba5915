namespace Lethe.DataMap;

/// <summary>One imported version of a tenant's manifest, kept as its canonical YAML; the newest is the data map in force.</summary>
public sealed class DataMapRevision : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>1, 2, 3, … per tenant.</summary>
    public int Revision { get; init; }

    /// <summary>The manifest as <see cref="ManifestWriter"/> writes it, so an export is byte-identical to what was stored.</summary>
    public required string Yaml { get; init; }

    /// <summary>SHA-256 of <see cref="Yaml"/>, hex: identifies the revision in the audit log and in exports.</summary>
    public required string Sha256 { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }
}
