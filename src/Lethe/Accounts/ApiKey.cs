namespace Lethe.Accounts;

/// <summary>A machine's credential for one tenant. Only a hash of the secret is kept; the secret is shown once.</summary>
public sealed class ApiKey : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string Name { get; set; }

    /// <summary>Scope wire names separated by spaces, e.g. <c>tenant:read audit:read</c>.</summary>
    public required string Scopes { get; init; }

    /// <summary>SHA-256 of the whole secret, hex. The secret has 256 random bits, so no salt or slow hash is needed.</summary>
    public required string SecretHash { get; init; }

    /// <summary>The last four characters of the secret, so a person can tell keys apart.</summary>
    public required string Hint { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    /// <summary>
    /// The secret, encrypted with the data protection keys, from the console's form until the page that shows it is
    /// opened once (<see cref="ApiKeyCommands.ShowOnceAsync"/>), for at most <see cref="ApiKeyCommands.ShownWithin"/>.
    /// Kept so that the form can answer with a redirect: a form sent twice then shows the one key it made.
    /// </summary>
    public string? ShownOnce { get; set; }

    public bool IsUsableAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
