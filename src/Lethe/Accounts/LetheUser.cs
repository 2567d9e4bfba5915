using Microsoft.AspNetCore.Identity;

namespace Lethe.Accounts;

/// <summary>A person who signs in to the console: staff of the company, a customer admin or a reseller admin.</summary>
public sealed class LetheUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Set for passwords Lethe generated (first run, <c>lethe users add</c>): the person must choose their own.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; init; }
}
