using Lethe.Requests;

namespace Lethe.Tests.Requests;

/// <summary>
/// A correction asked in the person's own words changes nothing until an agent says exactly what is corrected, or that
/// it is done by hand; the decision is made once, before the work starts.
/// </summary>
public sealed class CorrectionRulesTests
{
    private static readonly DateTime At = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static DataRequest InWords(RequestType type = RequestType.Rectification)
    {
        var request = new DataRequest { Type = type, IdentitiesJson = "[]" };
        request.Asks(null, new Correction("My address is Vestergade 1", "Nørregade 1, 1165 København K"));
        request.AwaitVerification().ShouldBeNull();
        request.Verify("e-mail link", null, At).ShouldBeNull();
        return request;
    }

    [Fact]
    public void A_correction_in_words_cannot_be_approved_before_an_agent_confirms_it()
    {
        var request = InWords();

        request.AwaitsCorrection.ShouldBeTrue();
        request.Approve("agent@shop.dk", At, 1)!.Detail.ShouldBe(DataRequest.NeedsConfirmedCorrection);
        request.Status.ShouldBe(RequestStatus.Verified);
        request.ApprovedAt.ShouldBeNull();
    }

    [Fact]
    public void Exact_values_confirmed_by_the_agent_become_the_changes_and_the_request_can_be_approved()
    {
        var request = InWords();

        request.ConfirmCorrection(new Dictionary<string, string> { ["contact.address"] = "Nørregade 1, 1165 København K" }, null, "agent@shop.dk", At).ShouldBeNull();

        request.AwaitsCorrection.ShouldBeFalse();
        request.ChangesJson.ShouldBe("{\"contact.address\":\"N\\u00F8rregade 1, 1165 K\\u00F8benhavn K\"}");
        request.Correction.ShouldSatisfyAllConditions(
            c => c!.Wrong.ShouldBe("My address is Vestergade 1"),
            c => c!.ByHand.ShouldBeNull(),
            c => c!.ConfirmedBy.ShouldBe("agent@shop.dk"),
            c => c!.ConfirmedAt.ShouldBe(At));
        request.Approve("agent@shop.dk", At, 1).ShouldBeNull();
        request.Status.ShouldBe(RequestStatus.InProgress);
    }

    [Fact]
    public void A_correction_done_by_hand_needs_no_values_and_can_be_approved()
    {
        var request = InWords();

        request.ConfirmCorrection(null, "Fix the address on the paper contract too", "agent@shop.dk", At).ShouldBeNull();

        request.ChangesJson.ShouldBeNull();
        request.Correction!.ByHand.ShouldBe("Fix the address on the paper contract too");
        request.AwaitsCorrection.ShouldBeFalse();
        request.Approve("agent@shop.dk", At, 1).ShouldBeNull();
    }

    [Fact]
    public void The_decision_is_made_once()
    {
        var request = InWords();
        request.ConfirmCorrection(null, "by hand", "first@shop.dk", At).ShouldBeNull();

        var again = request.ConfirmCorrection(new Dictionary<string, string> { ["contact.name"] = "Ida" }, null, "second@shop.dk", At);

        again!.Detail.ShouldContain("first@shop.dk");
        request.ChangesJson.ShouldBeNull();
        request.Correction!.ConfirmedBy.ShouldBe("first@shop.dk");
    }

    [Fact]
    public void Nothing_is_confirmed_once_the_work_has_started_or_the_request_is_closed()
    {
        var started = InWords();
        started.ConfirmCorrection(null, "by hand", "agent@shop.dk", At).ShouldBeNull();
        started.Approve("agent@shop.dk", At, 1).ShouldBeNull();

        var rejected = InWords();
        rejected.Reject("Not our data", At).ShouldBeNull();
        rejected.ConfirmCorrection(null, "by hand", "agent@shop.dk", At).ShouldNotBeNull();
        rejected.Correction!.Confirmed.ShouldBeFalse();

        var withdrawn = InWords();
        withdrawn.Withdraw(At).ShouldBeNull();
        withdrawn.ConfirmCorrection(null, "by hand", "agent@shop.dk", At).ShouldNotBeNull();
    }

    [Fact]
    public void Only_a_correction_the_person_described_is_confirmed_and_other_requests_are_approved_as_before()
    {
        var exact = new DataRequest { Type = RequestType.Rectification, IdentitiesJson = "[]" };
        exact.Asks(new Dictionary<string, string> { ["contact.name"] = "Ida Hansen" }, null);
        exact.AwaitsCorrection.ShouldBeFalse();
        exact.ConfirmCorrection(null, "by hand", "agent@shop.dk", At).ShouldNotBeNull();

        var access = new DataRequest { Type = RequestType.Access, IdentitiesJson = "[]" };
        access.AwaitsCorrection.ShouldBeFalse();
        access.ConfirmCorrection(null, "by hand", "agent@shop.dk", At).ShouldNotBeNull();
        access.AwaitVerification().ShouldBeNull();
        access.Verify("e-mail link", null, At).ShouldBeNull();
        access.Approve("agent@shop.dk", At, 1).ShouldBeNull();
    }

    [Theory]
    [InlineData("", "Nørregade 1", "wrong")]
    [InlineData("Vestergade 1", "  ", "wanted")]
    [InlineData(null, null, "wrong")]
    public void The_person_says_both_what_is_wrong_and_what_it_should_be(string? wrong, string? wanted, string field)
    {
        var input = new RequestInput("rectification", [new Lethe.Execution.Identity("email", "ida@example.dk")], Correction: new Correction(wrong!, wanted!));

        var errors = input.Validate(Lethe.Tests.DataMap.ManifestFiles.Sample("flex4business"));

        errors.ToFailure().Errors.Keys.ShouldContain(field);
    }

    [Fact]
    public void Each_statement_is_at_most_2000_characters_and_a_correction_is_only_for_rectification()
    {
        var identities = new[] { new Lethe.Execution.Identity("email", "ida@example.dk") };
        var manifest = Lethe.Tests.DataMap.ManifestFiles.Sample("flex4business");

        new RequestInput("rectification", identities, Correction: new Correction(new string('x', 2000), "ok")).Validate(manifest).Any.ShouldBeFalse();
        new RequestInput("rectification", identities, Correction: new Correction(new string('x', 2001), "ok")).Validate(manifest)
            .ToFailure().Errors.Keys.ShouldBe(["wrong"]);
        new RequestInput("access", identities, Correction: new Correction("a", "b")).Validate(manifest).ToFailure().Errors.Keys.ShouldBe(["changes"]);
    }
}
