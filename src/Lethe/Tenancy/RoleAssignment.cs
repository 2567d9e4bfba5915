namespace Lethe.Tenancy;

/// <summary>A role held by a user over the platform, one reseller, or one tenant.</summary>
public sealed class RoleAssignment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string UserId { get; init; }

    public Role Role { get; init; }

    /// <summary>Set for tenant roles.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Set for <see cref="Role.ResellerAdmin"/>.</summary>
    public Guid? ResellerId { get; init; }

    public DateTime CreatedAt { get; init; }
}
