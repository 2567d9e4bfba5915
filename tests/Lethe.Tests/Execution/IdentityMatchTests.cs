using System.Net;
using Lethe.Execution;

namespace Lethe.Tests.Execution;

/// <summary>The identity and erasure rules, table-driven: what a value is compared as, and what a strategy writes.</summary>
public sealed class IdentityMatchTests
{
    public static TheoryData<string, string, string, string[]> Phones => new()
    {
        { "a Danish number with spaces", "20 30 40 50", "DK", ["+4520304050", "004520304050", "4520304050", "20304050"] },
        { "with the calling code", "+45 20 30 40 50", "DK", ["+4520304050", "004520304050", "4520304050", "20304050"] },
        { "with 00", "0045-2030-4050", "DK", ["+4520304050", "004520304050", "4520304050", "20304050"] },
        { "a Norwegian tenant", "412 34 567", "NO", ["+4741234567", "004741234567", "4741234567", "41234567"] },
        { "a Swedish number in a Danish tenant", "+46 70 123 45 67", "DK", ["+46701234567", "0046701234567", "46701234567"] },
        { "no number", "n/a", "DK", [] },
        { "only punctuation", "-", "DK", [] },
    };

    [Theory]
    [MemberData(nameof(Phones))]
    public void A_phone_number_is_compared_in_its_usual_spellings_and_one_that_is_no_number_matches_nothing(string what, string value, string country, string[] spellings) =>
        IdentityMatch.PhoneSpellings(value, country).ShouldBe(spellings, what);

    [Theory]
    [InlineData("email", "  Anna.Berg@Example.DK ", true, "anna.berg@example.dk")]
    [InlineData("email", "ÆBLE@x.dk", true, "æble@x.dk")]
    [InlineData("email", "ÆBLE@x.dk", false, "Æble@x.dk")]
    [InlineData("full_name", "  Mette   HANSEN ", true, "mette hansen")]
    [InlineData("customer_number", " C-17 ", true, "C-17")]
    public void Other_identities_are_tidied_as_the_database_side_is(string type, string value, bool postgres, string expected) =>
        IdentityMatch.Values(type, value, "DK", postgres).ShouldBe([expected]);

    public static TheoryData<string, object?, string?, ColumnKind, object?, bool> Strategies => new()
    {
        { "replace over NULL in an integer column writes a number", null, "0", ColumnKind.Integer, 0L, true },
        { "replace over NULL in a text column writes the text", null, "Anonymous", ColumnKind.Text, "Anonymous", true },
        { "replace a number with a number", 17L, "0", ColumnKind.Integer, 0L, true },
        { "replace twice changes nothing", 0L, "0", ColumnKind.Integer, null, false },
        { "empty", "anna@x.dk", null, ColumnKind.Text, "", true },
        { "empty twice", "", null, ColumnKind.Text, null, false },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Replace_and_empty_write_what_the_column_holds_and_recognise_their_own_result(string what, object? current, string? replacement, ColumnKind column, object? written, bool changes)
    {
        var strategy = replacement is null ? ErasureStrategy.Empty : ErasureStrategy.Replace;
        var erased = ErasureStrategy.Apply(strategy, current, replacement, new byte[32], column);
        erased.Changes.ShouldBe(changes, what);
        if (changes)
        {
            erased.Value.ShouldBe(written, what);
        }
    }

    [Theory]
    [InlineData("192.0.2.17", "192.0.2.0")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::")]
    [InlineData("::ffff:192.0.2.17", "::ffff:192.0.2.0")]
    public void An_ip_address_is_cut_to_its_network_and_cutting_again_changes_nothing(string address, string truncated)
    {
        var erased = ErasureStrategy.Apply(ErasureStrategy.TruncateIp, address, null, new byte[32]);
        erased.Value.ShouldBe(truncated);
        ErasureStrategy.Apply(ErasureStrategy.TruncateIp, truncated, null, new byte[32]).Changes.ShouldBeFalse();
        ErasureStrategy.Apply(ErasureStrategy.TruncateIp, IPAddress.Parse(address), null, new byte[32]).Value.ShouldBe(IPAddress.Parse(truncated));
        Should.Throw<FormatException>(() => ErasureStrategy.Apply(ErasureStrategy.TruncateIp, "not an address", null, new byte[32]));
    }
}
