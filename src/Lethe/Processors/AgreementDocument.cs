namespace Lethe.Processors;

/// <summary>
/// The signed agreement with one of the data map's processors (Art. 28(3)), kept in Lethe's own database so the
/// evidence lives beside the data map it belongs to and is backed up with it. The newest upload per processor is the
/// one in force; earlier ones stay as history.
/// </summary>
public sealed class AgreementDocument : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The processor's key in the data map.</summary>
    public required string ProcessorKey { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex: proves later that the document is the one uploaded.</summary>
    public required string Sha256 { get; init; }

    public required byte[] Content { get; init; }

    public DateTime UploadedAt { get; init; }

    public string? UploadedBy { get; init; }
}
