namespace Lethe.Tenancy;

/// <summary>A partner ("forhandler") that registers and manages several tenants.</summary>
public sealed class Reseller
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public required string ContactEmail { get; set; }

    public DateTime CreatedAt { get; init; }
}
