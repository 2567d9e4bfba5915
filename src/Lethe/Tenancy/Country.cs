namespace Lethe.Tenancy;

/// <summary>The country whose supervisory authority and registration number rules apply to a tenant.</summary>
public enum Country
{
    DK = 1,
    NO = 2,
    Other = 3,
}
