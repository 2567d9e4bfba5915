using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class PaymentCardDetectorTests
{
    private readonly PaymentCardDetector detector = new();

    // One prefix per scheme, with every length it issues.
    public static TheoryData<string, string, int> Issuers()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (scheme, prefix, min, max) in new[]
                 {
                     ("Visa", "4", 13, 19), ("Visa/Dankort", "4571", 16, 16), ("Mastercard", "51", 16, 16), ("Mastercard", "55", 16, 16),
                     ("Mastercard 2-series", "2221", 16, 16), ("Mastercard 2-series", "2720", 16, 16), ("Amex", "34", 15, 15),
                     ("Amex", "37", 15, 15), ("Dankort", "5019", 16, 16), ("Forbrugsforeningen", "600722", 16, 16),
                     ("Maestro", "6759", 13, 19), ("Maestro", "5018", 13, 19), ("Discover", "6011", 16, 19), ("Discover", "65", 16, 19),
                     ("JCB", "3528", 16, 19), ("JCB", "3589", 16, 19), ("Diners", "36", 14, 19), ("Diners", "300", 14, 19),
                     ("UnionPay", "62", 16, 19),
                 })
        {
            for (var length = min; length <= max; length++)
            {
                data.Add(scheme, prefix, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Issuers))]
    public void Each_scheme_and_length_is_found_plain_and_grouped_and_no_changed_digit_is(string scheme, string prefix, int length)
    {
        var random = new Random(HashCode.Combine(prefix.Length, length, prefix[^1]));
        for (var i = 0; i < 200; i++)
        {
            var card = Generated.Card(prefix, length, random);

            Found.Single(detector, card).Confidence.ShouldBe(Confidence.High, scheme);
            Found.Single(detector, $"Kort: {Generated.Grouped(card, 4, ' ')} udløb 12/27").Confidence.ShouldBe(Confidence.Certain, scheme);
            Found.Single(detector, $"paid with {Generated.Grouped(card, 4, '-')}.").Text.Length.ShouldBe(length + (length - 1) / 4);
            var position = prefix.Length + random.Next(length - prefix.Length);
            Found.By(detector, Generated.WithDigitChanged(card, position, 1 + random.Next(9))).ShouldBeEmpty(scheme);
        }
    }

    [Theory]
    [InlineData("1234567812345670")] // Luhn holds, no scheme starts with 1
    [InlineData("4571123456789")] // too short for the Luhn sum it has
    [InlineData("51051051051051000")] // Mastercard is 16 digits only
    public void A_number_no_scheme_issues_is_not_a_card(string text)
    {
        Found.By(detector, text).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Amex 3782 822463 10005 kunden", "3782 822463 10005")]
    [InlineData("Mit kortnummer er 4571 0000 0000 0001, udløb 12 26", "4571 0000 0000 0001")]
    [InlineData("Kortnummeret mitt er 5019-7170-1010-3742 og det er feil", "5019-7170-1010-3742")]
    [InlineData("Ordre 17 4111 1111 1111 1111 betalt", "4111 1111 1111 1111")]
    public void Finds_the_card_inside_a_sentence_and_among_other_numbers(string text, string card) =>
        Found.Single(detector, text).Text.ShouldBe(card);

    [Theory]
    [InlineData("KID 4111111111111111")]
    [InlineData("Faktura 4111 1111 1111 1111")]
    public void A_number_labelled_as_something_else_is_low(string text) =>
        Found.Single(detector, text).Confidence.ShouldBe(Confidence.Low);

    [Theory]
    [InlineData("x4111111111111111")]
    [InlineData("41111111111111112")]
    [InlineData("4111111111111111.00")]
    [InlineData("4111 1111-1111 1111")]
    [InlineData("41 11 11 11 11 11 11 11")]
    public void Digits_glued_to_more_or_grouped_unlike_a_card_are_not_one(string text) => Found.By(detector, text).ShouldBeEmpty();
}
