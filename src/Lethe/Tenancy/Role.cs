namespace Lethe.Tenancy;

/// <summary>What a person may do in Lethe; all but <see cref="PlatformAdmin"/> and <see cref="ResellerAdmin"/> are granted per tenant.</summary>
public enum Role
{
    /// <summary>Runs the installation: every tenant, every reseller, the platform audit log.</summary>
    PlatformAdmin = 1,

    /// <summary>The tenant's privacy officer ("dataansvarlig"): manages the tenant, its people, keys and records.</summary>
    PrivacyOfficer = 2,

    /// <summary>Support agent: registers and follows up requests.</summary>
    Agent = 3,

    /// <summary>Reads everything in the tenant, changes nothing.</summary>
    Auditor = 4,

    /// <summary>The admin of a business customer the company serves as processor ("teleansvarlig").</summary>
    CustomerAdmin = 5,

    /// <summary>Admin of a reseller ("forhandler"): the reseller's tenants.</summary>
    ResellerAdmin = 6,
}
