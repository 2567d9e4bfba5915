using Lethe.Execution;
using Lethe.Requests;

namespace Lethe.Tests.Requests;

/// <summary>Approving an erasure forgets Lethe's own earlier records of the person: by identity type and value together, never a value alone.</summary>
public sealed class SamePersonTests
{
    public static TheoryData<string, Identity[], Identity[], bool> Cases => new()
    {
        { "the same e-mail in another case", [new("email", "Anna@Example.dk")], [new("email", " anna@example.DK")], true },
        { "the same phone in another spelling", [new("phone", "20 30 40 50")], [new("phone", "+45 2030 4050")], true },
        { "an e-mail whose text is another's phone", [new("email", "20304050")], [new("phone", "20304050")], false },
        { "extension 101 alone, someone else's", [new("extension", "101"), new("full_name", "Mette Hansen")], [new("extension", "101"), new("full_name", "Ole Olsen")], false },
        { "the whole composite identity", [new("extension", "101"), new("full_name", "Mette Hansen")], [new("extension", "101"), new("full_name", "mette hansen")], true },
        { "a customer number that differs", [new("customer_number", "C-1")], [new("customer_number", "C-10")], false },
        { "a phone that is no number is nobody's", [new("phone", "n/a")], [new("phone", "n/a")], false },
        { "one shared identity among others", [new("email", "a@b.dk"), new("phone", "11111111")], [new("phone", "22222222"), new("email", "A@B.dk")], true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Earlier_requests_are_the_persons_only_by_type_and_normalised_value(string what, Identity[] ours, Identity[] theirs, bool same) =>
        OwnRecordsErasure.SamePerson(ours, theirs, "DK").ShouldBe(same, what);
}
