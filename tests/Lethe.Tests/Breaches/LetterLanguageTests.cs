using Lethe.Breaches;

namespace Lethe.Tests.Breaches;

public sealed class LetterLanguageTests
{
    [Theory]
    [InlineData("da", "da")]
    [InlineData(" DA-dk ", "da")]
    [InlineData("Dansk", "da")]
    [InlineData("nb", "nb")]
    [InlineData("no", "nb")]
    [InlineData("nn-NO", "nb")]
    [InlineData("nb_NO", "nb")]
    [InlineData("Bokmål", "nb")]
    [InlineData("en-GB", "en")]
    [InlineData("English", "en")]
    [InlineData("sv", "fallback")]
    [InlineData("de-DE", "fallback")]
    [InlineData("", "fallback")]
    [InlineData(null, "fallback")]
    public void A_persons_language_is_read_from_a_code_or_a_name_and_otherwise_is_the_companys(string? value, string expected) =>
        LetterLanguage.From(value, "fallback").ShouldBe(expected);

    [Theory]
    [InlineData("anne.jensen1@example.dk", "anne.jensen1@example.dk")]
    [InlineData("  Anne.Jensen1@Example.dk ", "Anne.Jensen1@Example.dk")]
    [InlineData("hmac:0123456789abcdef0123456789abcdef", null)]
    [InlineData("erased-Xk2m9Qp3Lr7Tz1Wb", null)]
    [InlineData("Anne Jensen <anne@example.dk>", null)]
    [InlineData("@example.dk", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_an_address_a_letter_can_go_to_is_used_never_an_erased_one(string? value, string? expected) =>
        BreachAddressees.Usable(value).ShouldBe(expected);
}
