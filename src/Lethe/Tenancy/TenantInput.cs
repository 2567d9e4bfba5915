using System.Net.Mail;
using System.Text.RegularExpressions;
using Lethe.Common;
using Lethe.Storage;

namespace Lethe.Tenancy;

/// <summary>What a person gives to create or edit a tenant. <see cref="Slug"/> and <see cref="ResellerId"/> count only on create.</summary>
public sealed partial record TenantInput
{
    public const int MaxLogoUrl = 1000;

    public string? Slug { get; init; }

    public string? Name { get; init; }

    public string? Country { get; init; }

    public string? RegistrationNumber { get; init; }

    public string? Address { get; init; }

    public string? ContactEmail { get; init; }

    /// <summary>Empty means the authority of the country.</summary>
    public string? SupervisoryAuthority { get; init; }

    public Guid? ResellerId { get; init; }

    /// <summary>The logo on the public pages, an https address; empty or null: none. An edit replaces it like every other field.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>The colour of the public pages as <c>#rrggbb</c>; empty or null: Lethe's own.</summary>
    public string? AccentColour { get; init; }

    /// <summary>Requests wait for the controller's approval (a customer served as processor); unchanged when null.</summary>
    public bool? ControllerApproves { get; init; }

    /// <summary>Checks every field and reports all problems at once, each with what would be valid.</summary>
    public ValidationErrors Validate(bool creating)
    {
        var errors = new ValidationErrors();
        if (creating)
        {
            errors.Required("slug", Slug, LetheDbContext.Limits.Slug);
            if (!string.IsNullOrWhiteSpace(Slug) && !SlugPattern().IsMatch(Slug))
            {
                errors.Add("slug", "'slug' may hold lower-case letters a–z, digits and inner hyphens, e.g. 'flexfone' or 'flex-as'.");
            }
        }

        errors.Required("name", Name, LetheDbContext.Limits.Name);
        errors.Required("address", Address, LetheDbContext.Limits.Address);
        errors.Optional("supervisoryAuthority", SupervisoryAuthority, LetheDbContext.Limits.Name);
        errors.Required("contactEmail", ContactEmail, LetheDbContext.Limits.Email);
        if (!string.IsNullOrWhiteSpace(ContactEmail) && !IsEmail(ContactEmail))
        {
            errors.Add("contactEmail", $"'{ContactEmail}' is not an e-mail address.");
        }

        var country = ParseCountry();
        if (country is null)
        {
            errors.Add("country", "'country' must be DK, NO or Other.");
        }
        else if (string.IsNullOrWhiteSpace(RegistrationNumber))
        {
            errors.Add("registrationNumber", "'registrationNumber' is required (a CVR number in Denmark, an organisasjonsnummer in Norway).");
        }
        else if (RegistrationNumber is { } number && Tenancy.RegistrationNumber.Problem(country.Value, number.Trim()) is { } problem)
        {
            errors.Add("registrationNumber", problem);
        }

        errors.Optional("logoUrl", LogoUrl, MaxLogoUrl);
        if (!string.IsNullOrWhiteSpace(LogoUrl) && LogoUrl.Length <= MaxLogoUrl && ParseLogoUrl(LogoUrl) is null)
        {
            errors.Add("logoUrl", "'logoUrl' must be an https:// address of an image, e.g. 'https://www.example.com/logo.svg'.");
        }

        if (!string.IsNullOrWhiteSpace(AccentColour) && Tenancy.AccentColour.TryParse(AccentColour) is null)
        {
            errors.Add("accentColour", "'accentColour' must be a colour written #rrggbb, e.g. '#1f5f8b'.");
        }

        if (country == Tenancy.Country.Other && string.IsNullOrWhiteSpace(SupervisoryAuthority))
        {
            errors.Add("supervisoryAuthority", "Name the supervisory authority: Lethe knows the Danish and Norwegian ones only.");
        }

        return errors;
    }

    public Country? ParseCountry() =>
        Enum.TryParse<Country>(Country?.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(Country, out _) ? c : null;

    /// <summary>Copies the validated values onto <paramref name="tenant"/>.</summary>
    public void ApplyTo(Tenant tenant)
    {
        var country = ParseCountry() ?? throw new InvalidOperationException("Validate before applying.");
        tenant.Name = Name!.Trim();
        tenant.Country = country;
        tenant.RegistrationNumber = RegistrationNumber!.Trim();
        tenant.Address = Address!.Trim();
        tenant.ContactEmail = ContactEmail!.Trim();
        tenant.SupervisoryAuthority = string.IsNullOrWhiteSpace(SupervisoryAuthority)
            ? Tenancy.SupervisoryAuthority.DefaultFor(country)!.Name
            : SupervisoryAuthority.Trim();
        tenant.LogoUrl = string.IsNullOrWhiteSpace(LogoUrl) ? null : ParseLogoUrl(LogoUrl)!.AbsoluteUri;
        tenant.AccentColour = Tenancy.AccentColour.TryParse(AccentColour)?.Hex;
        if (ControllerApproves is { } approves)
        {
            tenant.ControllerApproves = approves;
        }
    }

    /// <summary>
    /// An absolute https address with a host and no user name or password in it: the pages load it from every visitor's
    /// browser, so plain http (mixed content) and credentials are refused.
    /// </summary>
    public static Uri? ParseLogoUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
        && uri.UserInfo.Length == 0 && !value.Trim().Any(char.IsWhiteSpace) ? uri : null;

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && value.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
