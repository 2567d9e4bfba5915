using Lethe.Common;

namespace Lethe.Tests.Common;

/// <summary>What the public forms take as an e-mail address: one a confirmation mail can reach, and nothing that cannot.</summary>
public sealed class EmailSyntaxTests
{
    [Theory]
    [InlineData("ida@example.dk")]
    [InlineData("  Ida.Hansen@Example.DK ")]
    [InlineData("ida+privacy@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("søren@kro.dk")]
    [InlineData("ida@xn--bl-via.dk")]
    [InlineData("ida@blåbær.dk")]
    [InlineData("a_b-c!#$%&*/=?^`{|}~@example.com")]
    [InlineData("1@2.dk")]
    [InlineData("ida@sub-domain.example.dk")]
    public void Addresses_a_mail_can_reach_pass(string address) => EmailSyntax.IsValid(address).ShouldBeTrue(address);

    [Theory]
    [InlineData("a@b")]
    [InlineData("ida@localhost")]
    [InlineData("ida@example.")]
    [InlineData("ida@.example.dk")]
    [InlineData("ida@example..dk")]
    [InlineData("ida@-example.dk")]
    [InlineData("ida@example-.dk")]
    [InlineData("ida@exa_mple.dk")]
    [InlineData("ida@example.d")]
    [InlineData("ida@1.2.3.4")]
    [InlineData("ida@[127.0.0.1]")]
    [InlineData("ida@@example.dk")]
    [InlineData("ida@x@example.dk")]
    [InlineData("@example.dk")]
    [InlineData("ida@")]
    [InlineData("ida")]
    [InlineData("ida hansen@example.dk")]
    [InlineData("ida@exam ple.dk")]
    [InlineData("ida\t@example.dk")]
    [InlineData(".ida@example.dk")]
    [InlineData("ida.@example.dk")]
    [InlineData("ida..hansen@example.dk")]
    [InlineData("\"ida hansen\"@example.dk")]
    [InlineData("Ida <ida@example.dk>")]
    [InlineData("ida(comment)@example.dk")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Addresses_no_mail_can_reach_are_refused(string? address) => EmailSyntax.IsValid(address).ShouldBeFalse(address);

    [Fact]
    public void The_lengths_of_RFC_5321_are_the_limits()
    {
        var label = new string('d', 63);
        EmailSyntax.IsValid($"{new string('l', 64)}@example.dk").ShouldBeTrue();
        EmailSyntax.IsValid($"{new string('l', 65)}@example.dk").ShouldBeFalse();
        EmailSyntax.IsValid($"ida@{label}.dk").ShouldBeTrue();
        EmailSyntax.IsValid($"ida@{label}d.dk").ShouldBeFalse();
        var longest = $"ida@{label}.{label}.{label}.{new string('d', 55)}.dk";
        longest.Length.ShouldBe(EmailSyntax.MaxLength);
        EmailSyntax.IsValid(longest).ShouldBeTrue();
        EmailSyntax.IsValid("i" + longest).ShouldBeFalse();
    }
}
