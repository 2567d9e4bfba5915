using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Scanning;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Scanning;

/// <summary>
/// Free text Lethe is sent never carries a card or national identity number into storage: the request's message, the
/// identity check, a correction's words — except a CPR the person corrects where the company keeps CPR numbers.
/// </summary>
public sealed class TextGuardTests
{
    private static Manifest Sample(string name) =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml")), name).Manifest!;

    private static readonly Identity Email = new("email", "ida@example.dk");

    [Theory]
    [InlineData("Mit kort 4571 0000 0000 0001 blev trukket to gange", "error.guard.card")]
    [InlineData("Hej, mit CPR er 070761-4285.", "error.guard.national_id")]
    [InlineData("Fødselsnummer 15108695088", "error.guard.national_id")]
    [InlineData("Jeg er født 070761 og bor i Aarhus.", null)]
    [InlineData("Ordrenummer 4571000000000001", null)]
    [InlineData("Ring på 20 30 40 50", null)]
    public void Refuses_cards_and_national_ids_and_lets_the_rest_through(string text, string? refusal) =>
        TextGuard.Refusal(text).ShouldBe(refusal is null ? null : Texts.Get(refusal, "en"));

    [Fact]
    public void The_refusal_never_holds_the_number()
    {
        var refusal = TextGuard.Refusal("CPR 070761-4285").ShouldNotBeNull();

        refusal.ShouldNotContain("070761");
        refusal.ShouldNotContain("4285");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("da")]
    [InlineData("nb")]
    public void Each_refusal_says_why_in_each_language(string language)
    {
        Texts.Get("error.guard.card", language).ShouldNotBeNullOrWhiteSpace();
        Texts.Get("error.guard.national_id", language).ShouldNotBe(Texts.Get("error.guard.card", language));
    }

    [Fact]
    public void A_request_names_every_field_that_carries_one()
    {
        var input = new RequestInput("access", [Email], Message: "kort: 4571 0000 0000 0001", IdentityCheck: "CPR 070761-4285 checked against the passport");

        var errors = input.Validate(Sample("small-business")).ToFailure().Errors;

        errors["message"].ShouldBe([Texts.Get("error.guard.card", "en")]);
        errors["identityCheck"].ShouldBe([Texts.Get("error.guard.national_id", "en")]);
    }

    [Fact]
    public void A_corrected_cpr_is_taken_only_where_the_data_map_keeps_national_ids()
    {
        var correction = new Correction("Mit CPR-nummer er forkert", "Det rigtige er 070761-4285");
        var input = new RequestInput("rectification", [Email], Correction: correction);

        // flex-as keeps CPR numbers (identity.national_id): the person must be able to give the right one.
        input.Validate(Sample("flex-as")).Any.ShouldBeFalse();
        // small-business keeps none: there is nothing to correct, and the number would only sit in the request.
        input.Validate(Sample("small-business")).ToFailure().Errors.Keys.ShouldBe(["wanted"]);
        // The wrong value is described, never needed in full, and a card number is never wanted.
        new RequestInput("rectification", [Email], Correction: new Correction("070761-4285 er forkert", "Ret det"))
            .Validate(Sample("flex-as")).ToFailure().Errors.Keys.ShouldBe(["wrong"]);
        new RequestInput("rectification", [Email], Correction: new Correction("Kortet", "4571 0000 0000 0001"))
            .Validate(Sample("flex-as")).ToFailure().Errors.Keys.ShouldBe(["wanted"]);
    }
}
