using Lethe.Tenancy;

namespace Lethe.Tests.Tenancy;

public sealed class RegistrationNumberTests
{
    [Theory]
    [InlineData("42497762", true)] // Flex4Business ApS, seed 001
    [InlineData("4249 7762", true)]
    [InlineData("42497763", false)] // last digit off by one
    [InlineData("24497762", false)] // two digits swapped
    [InlineData("4249776", false)] // seven digits
    [InlineData("424977620", false)]
    [InlineData("02497762", false)] // CVR numbers never start with 0
    [InlineData("4249776a", false)]
    [InlineData("", false)]
    public void Danish_CVR_numbers_pass_modulus_11(string value, bool valid) =>
        (RegistrationNumber.Problem(Country.DK, value) is null).ShouldBe(valid);

    [Theory]
    [InlineData("923609016", true)] // Equinor ASA
    [InlineData("974760673", true)] // Brønnøysundregistrene
    [InlineData("974 760 673", true)]
    [InlineData("974760672", false)]
    [InlineData("97476067", false)]
    [InlineData("9747606730", false)]
    public void Norwegian_organisation_numbers_pass_modulus_11(string value, bool valid) =>
        (RegistrationNumber.Problem(Country.NO, value) is null).ShouldBe(valid);

    [Fact]
    public void Every_eight_digit_prefix_has_at_most_one_valid_organisation_number()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 2000; i++)
        {
            var prefix = random.Next(80_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var valid = Enumerable.Range(0, 10).Count(d => RegistrationNumber.IsOrganisasjonsnummer(prefix + d));
            valid.ShouldBeLessThanOrEqualTo(1, $"prefix {prefix}");
        }
    }

    [Fact]
    public void Changing_any_single_digit_of_a_valid_CVR_makes_it_invalid()
    {
        const string valid = "42497762";
        for (var position = 0; position < valid.Length; position++)
        {
            foreach (var digit in "0123456789".Where(d => d != valid[position]))
            {
                var changed = valid[..position] + digit + valid[(position + 1)..];
                RegistrationNumber.IsCvr(changed).ShouldBeFalse(changed);
            }
        }
    }

    [Fact]
    public void Other_countries_accept_any_reference_up_to_40_characters()
    {
        RegistrationNumber.Problem(Country.Other, "HRB 12345").ShouldBeNull();
        RegistrationNumber.Problem(Country.Other, new string('x', 41)).ShouldNotBeNull();
    }
}
