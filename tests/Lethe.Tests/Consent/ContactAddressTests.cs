using Lethe.Consent;
using Lethe.Tenancy;

namespace Lethe.Tests.Consent;

public sealed class ContactAddressTests
{
    [Theory]
    [InlineData("Ida@Example.DK", "ida@example.dk")]
    [InlineData("  ida@example.dk ", "ida@example.dk")]
    [InlineData("søren@kro.dk", "søren@kro.dk")]
    [InlineData("ida@", null)]
    [InlineData("@example.dk", null)]
    [InlineData("ida example@x.dk", null)]
    [InlineData("", null)]
    public void Email_addresses_are_compared_trimmed_and_lower_case(string value, string? expected) =>
        ContactAddress.Email(value).ShouldBe(expected);

    [Theory]
    [InlineData("22 33 44 55", Country.DK, "+4522334455")]
    [InlineData("22334455", Country.NO, "+4722334455")]
    [InlineData("+45 22 33 44 55", Country.NO, "+4522334455")]
    [InlineData("0045-22334455", Country.DK, "+4522334455")]
    [InlineData("(+47) 900 12 345", Country.DK, "+4790012345")]
    [InlineData("2233445", Country.DK, null)]
    [InlineData("22 33 44 55 ext 2", Country.DK, null)]
    [InlineData("+1234567890123456", Country.DK, null)]
    public void Phone_numbers_become_E164_with_the_tenants_country_code_for_national_numbers(string value, Country country, string? expected) =>
        ContactAddress.Phone(value, country).ShouldBe(expected);

    [Fact]
    public void The_same_address_written_two_ways_hashes_the_same_and_another_key_hashes_differently()
    {
        var key = new byte[32];
        var other = Enumerable.Repeat((byte)7, 32).ToArray();
        var a = SuppressionList.Hash(key, ContactAddress.Email("Ida@Example.dk ")!);
        var b = SuppressionList.Hash(key, ContactAddress.Email("ida@example.dk")!);

        a.ShouldBe(b);
        a.Length.ShouldBe(64);
        a.ShouldNotContain("ida");
        SuppressionList.Hash(other, "ida@example.dk").ShouldNotBe(a);
    }
}
