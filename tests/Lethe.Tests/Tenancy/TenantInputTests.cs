using Lethe.Tenancy;
using Lethe.Tests.Support;

namespace Lethe.Tests.Tenancy;

public sealed class TenantInputTests
{
    [Theory]
    [InlineData("slug", "Flex AS", "slug")]
    [InlineData("slug", "-flex", "slug")]
    [InlineData("slug", "flex-", "slug")]
    [InlineData("slug", "", "slug")]
    [InlineData("country", "SE", "country")]
    [InlineData("country", "1", "country")]
    [InlineData("registrationNumber", "12345678", "registrationNumber")]
    [InlineData("contactEmail", "not-an-email", "contactEmail")]
    [InlineData("contactEmail", "a@b", "contactEmail")]
    [InlineData("name", "", "name")]
    [InlineData("address", "", "address")]
    [InlineData("logoUrl", "http://www.example.com/logo.png", "logoUrl")]
    [InlineData("logoUrl", "https://user:secret@www.example.com/logo.png", "logoUrl")]
    [InlineData("logoUrl", "/logo.png", "logoUrl")]
    [InlineData("logoUrl", "javascript:alert(1)", "logoUrl")]
    [InlineData("logoUrl", "https://www.example.com/a logo.png", "logoUrl")]
    [InlineData("accentColour", "blue", "accentColour")]
    [InlineData("accentColour", "#12345", "accentColour")]
    [InlineData("accentColour", "#1f5f8b; } body { display: none", "accentColour")]
    public void Each_invalid_field_is_named_with_a_reason(string field, string value, string expectedField)
    {
        var input = Builders.DanishTenant("valid") with { };
        input = field switch
        {
            "slug" => input with { Slug = value },
            "country" => input with { Country = value },
            "registrationNumber" => input with { RegistrationNumber = value },
            "contactEmail" => input with { ContactEmail = value },
            "name" => input with { Name = value },
            "address" => input with { Address = value },
            "logoUrl" => input with { LogoUrl = value },
            "accentColour" => input with { AccentColour = value },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var errors = input.Validate(creating: true).ToFailure().Errors;

        errors.Keys.ShouldBe([expectedField]);
        errors[expectedField][0].Length.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void A_valid_danish_tenant_has_no_errors_and_gets_the_danish_authority()
    {
        var input = Builders.DanishTenant("flexfone");
        input.Validate(creating: true).Any.ShouldBeFalse();
        var tenant = new Tenant { Slug = "flexfone", Name = "", RegistrationNumber = "", Address = "", ContactEmail = "", SupervisoryAuthority = "" };
        input.ApplyTo(tenant);
        tenant.SupervisoryAuthority.ShouldBe(SupervisoryAuthority.Denmark.Name);
        tenant.Country.ShouldBe(Country.DK);
    }

    [Fact]
    public void A_tenant_outside_Denmark_and_Norway_must_name_its_authority()
    {
        var input = Builders.DanishTenant("x") with { Country = "Other", RegistrationNumber = "HRB 1" };
        input.Validate(creating: true).ToFailure().Errors.Keys.ShouldBe(["supervisoryAuthority"]);
    }

    [Fact]
    public void A_logo_and_colour_are_kept_as_given_and_cleared_when_left_empty()
    {
        var tenant = new Tenant { Slug = "flexfone", Name = "", RegistrationNumber = "", Address = "", ContactEmail = "", SupervisoryAuthority = "" };
        var input = Builders.DanishTenant("flexfone") with { LogoUrl = " https://cdn.example.com/flex/logo.svg ", AccentColour = "#C8102E" };

        input.Validate(creating: true).Any.ShouldBeFalse();
        input.ApplyTo(tenant);
        tenant.LogoUrl.ShouldBe("https://cdn.example.com/flex/logo.svg");
        tenant.AccentColour.ShouldBe("#c8102e");

        (input with { LogoUrl = "", AccentColour = null }).ApplyTo(tenant);
        tenant.LogoUrl.ShouldBeNull();
        tenant.AccentColour.ShouldBeNull();
    }
}
