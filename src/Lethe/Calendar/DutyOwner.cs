using Lethe.Common;
using Lethe.Tenancy;

namespace Lethe.Calendar;

/// <summary>Who a duty falls to: one person (by their sign-in e-mail) or whoever holds a role in the tenant.</summary>
public sealed record DutyOwner
{
    private DutyOwner(Role? role, string? user, bool byHand = false)
    {
        Role = role;
        User = user;
        ByHand = byHand;
    }

    public Role? Role { get; }

    public string? User { get; }

    /// <summary>Whether someone gave the duty to <see cref="User"/> (<see cref="DutyAssignment"/>) rather than the calendar naming them.</summary>
    public bool ByHand { get; }

    public static DutyOwner GivenTo(string user) => new(null, user, byHand: true);

    public static DutyOwner ForRole(Role role) => new(role, null);

    public static DutyOwner ForUser(string user) => new(null, user);

    /// <summary>The officer's by default: the policies make the controller's privacy officer answer for them.</summary>
    public static DutyOwner Officer { get; } = ForRole(Tenancy.Role.PrivacyOfficer);

    /// <summary>The user, or the role's wire name as the API spells roles (<c>PrivacyOfficer</c>).</summary>
    public override string ToString() => User ?? Role?.ToString() ?? "";
}
