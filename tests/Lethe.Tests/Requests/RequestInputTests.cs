using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;

namespace Lethe.Tests.Requests;

/// <summary>What an agent or the API may register as a person's identities.</summary>
public sealed class RequestInputTests
{
    private static readonly Manifest Shop = ManifestReader.Read(
        File.ReadAllText(Path.Combine(DataMap.ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml")), "manifest.yaml").Manifest!;

    [Theory]
    [InlineData("email", "ida@example.dk", null)]
    [InlineData("email", " Ida@Example.DK ", null)]
    [InlineData("email", "not-an-email", "'not-an-email' is not an e-mail address")]
    [InlineData("email", "ida@localhost", "is not an e-mail address")]
    [InlineData("email", "ida @example.dk", "is not an e-mail address")]
    [InlineData("phone", "not-an-email", null)]
    [InlineData("customer_number", "C-1001", null)]
    public void An_e_mail_identity_must_be_an_address_mail_can_reach(string type, string value, string? refused)
    {
        var errors = new RequestInput(RequestType.Access.ToWire(), [new Identity(type, value)]).Validate(Shop);

        if (refused is null)
        {
            errors.Any.ShouldBeFalse(errors.Any ? string.Join("; ", errors.ToFailure().Errors.Select(e => $"{e.Key}: {e.Value[0]}")) : "");
        }
        else
        {
            errors.ToFailure().Errors["identities[0].value"][0].ShouldContain(refused);
        }
    }

    [Fact]
    public void A_long_value_is_quoted_back_cut_short()
    {
        var errors = new RequestInput(RequestType.Access.ToWire(), [new Identity("email", new string('x', 200))]).Validate(Shop);

        var message = errors.ToFailure().Errors["identities[0].value"][0];
        message.ShouldContain(new string('x', 40) + "…");
        message.Length.ShouldBeLessThan(120);
    }
}
