using Lethe.Tenancy;

namespace Lethe.Web.Tenancy;

/// <summary>
/// A tenant as the API shows it. Written out field by field rather than serialising <see cref="Tenant"/>, so a secret
/// added to the entity later does not appear in answers by itself: the status webhook's signing secret is shown once,
/// when it is made, and afterwards only whether one is set (not even its ciphertext, which the key ring opens).
/// </summary>
public sealed record TenantView(
    Guid Id,
    string Slug,
    string Name,
    Country Country,
    string RegistrationNumber,
    string Address,
    string ContactEmail,
    string SupervisoryAuthority,
    bool ControllerApproves,
    string? LogoUrl,
    string? AccentColour,
    string? StatusWebhookUrl,
    bool StatusWebhookSecretSet,
    Guid? ResellerId,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static TenantView Of(Tenant t) => new(
        t.Id, t.Slug, t.Name, t.Country, t.RegistrationNumber, t.Address, t.ContactEmail, t.SupervisoryAuthority, t.ControllerApproves, t.LogoUrl, t.AccentColour,
        t.StatusWebhookUrl, t.StatusWebhookSecret is not null, t.ResellerId, t.CreatedAt, t.UpdatedAt);
}
