namespace Lethe.Requests.Answers;

/// <summary>
/// The answer package of a completed request, encrypted under its own key in a file under the data directory. When it
/// expires the file is deleted and the key erased, so nothing of the answer can be read again.
/// </summary>
public sealed class StoredAnswer : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    /// <summary>Relative to the data directory.</summary>
    public required string Path { get; init; }

    /// <summary>The AES-256 key; null once the package expired.</summary>
    public byte[]? Key { get; set; }

    public long Size { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public int Downloads { get; set; }

    public DateTime? DeletedAt { get; set; }
}
