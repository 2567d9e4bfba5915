using Lethe.Common;

namespace Lethe.Tests.Common;

/// <summary>What a person may type in a phone field: digits with the marks people write between them, and nothing else.</summary>
public sealed class PhoneSyntaxTests
{
    [Theory]
    [InlineData("12345678")]
    [InlineData("+45 12 34 56 78")]
    [InlineData("0045 12345678")]
    [InlineData("(+47) 22-33-44-55")]
    [InlineData(" 123456 ")]
    public void A_number_written_as_people_write_it_is_a_phone_number(string typed) => PhoneSyntax.IsValid(typed).ShouldBeTrue();

    [Theory]
    [InlineData("call me")]
    [InlineData("12 34 56 7a")]
    [InlineData("ida@example.dk")]
    [InlineData("12345")]
    [InlineData("1234567890123456")]
    [InlineData("45+12345678")]
    [InlineData("12.34.56.78")]
    [InlineData("")]
    [InlineData("   ")]
    public void Letters_other_marks_or_too_few_or_many_digits_are_not(string typed) => PhoneSyntax.IsValid(typed).ShouldBeFalse();
}
