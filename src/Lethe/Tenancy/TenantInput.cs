using System.Net.Mail;
using System.Text.RegularExpressions;
using Lethe.Common;
using Lethe.Storage;

namespace Lethe.Tenancy;

/// <summary>What a person gives to create or edit a tenant. <see cref="Slug"/> and <see cref="ResellerId"/> count only on create.</summary>
public sealed partial record TenantInput
{
    public string? Slug { get; init; }

    public string? Name { get; init; }

    public string? Country { get; init; }

    public string? RegistrationNumber { get; init; }

    public string? Address { get; init; }

    public string? ContactEmail { get; init; }

    /// <summary>Empty means the authority of the country.</summary>
    public string? SupervisoryAuthority { get; init; }

    public Guid? ResellerId { get; init; }

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
        if (ControllerApproves is { } approves)
        {
            tenant.ControllerApproves = approves;
        }
    }

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && value.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
