using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>The oracle itself, on a small hand-made store whose answer was worked out by hand.</summary>
public sealed class OwnershipOracleTests
{
    private static readonly OwnershipMap Map = new(
    [
        new TableSpec("addresses", [new("id", ColumnType.Integer), new("street") { Erasure = "replace", Replacement = "Erased" }]),
        new TableSpec("customers",
        [
            new("id", ColumnType.Integer),
            new("email") { Identifies = "email" },
            new("phone") { Identifies = "phone" },
            new("full_name") { Identifies = "full_name" },
            new("company_form"),
            new("address_id", ColumnType.Integer) { References = "addresses.id", Owns = true },
        ])
        {
            Is = "person",
            When = [new("company_form") { EqualsValue = "ENK" }],
        },
        new TableSpec("staff",
        [
            new("id", ColumnType.Integer),
            new("extension") { Identifies = "extension" },
            new("full_name") { Identifies = "full_name" },
            new("reports_to", ColumnType.Integer) { References = "staff.id" },
        ])
        {
            Is = "person",
            Mentions = [new MentionSpec("reports_to", [])],
        },
        new TableSpec("orders",
        [
            new("id", ColumnType.Integer),
            new("customer_id", ColumnType.Integer) { References = "customers.id" },
            new("status"),
            new("handled_by", ColumnType.Integer) { References = "staff.id" },
            new("handler_note"),
            new("delivery_address_id", ColumnType.Integer) { References = "addresses.id", Owns = true },
        ])
        {
            BelongsTo = "customer_id",
            When = [new("status") { NotIn = ["draft"] }],
            Mentions = [new MentionSpec("handled_by", ["handler_note"])],
        },
        new TableSpec("order_lines", [new("id", ColumnType.Integer), new("order_id", ColumnType.Integer) { References = "orders.id" }])
        {
            BelongsTo = "order_id",
        },
        new TableSpec("messages",
        [
            new("id", ColumnType.Integer),
            new("parent_id", ColumnType.Integer) { References = "messages.id" },
            new("author_email") { Identifies = "email" },
            new("status"),
        ])
        {
            BelongsTo = "parent_id",
            When = [new("status") { NotIn = ["spam"] }],
        },
        new TableSpec("customer_tags", [new("customer_id", ColumnType.Integer) { References = "customers.id" }, new("tag")])
        {
            Key = null,
            PrimaryKey = ["customer_id", "tag"],
            BelongsTo = "customer_id",
        },
    ]);

    private static Dictionary<string, List<object?[]>> Rows() => new()
    {
        ["addresses"] = [[10L, "Vej 10"], [11L, "Vej 11"], [12L, "Vej 12"], [13L, "Vej 13"]],
        ["customers"] =
        [
            [1L, "  Anna.Berg@Example.DK ", "+45 12 34 56 78", "Anna  Berg", "ENK", 10L],
            [2L, "anna.berg@example.dk", "12345678", "Anna Berg", "ApS", 11L], // a company: not a person, whatever it holds
            [3L, "bo@example.dk", "0045 87654321", "Bo Holm", "ENK", 10L],    // shares Anna's address
            [4L, "carl@example.dk", "11223344", "Carl Lund", "ENK", 12L],
        ],
        ["staff"] =
        [
            [500L, "101", "Mette Hansen", null],
            [501L, "102", "ANNA BERG", null],
            [502L, "103", "Ole Lund", 501L],
            [503L, "102", "Bo Holm", null], // Anna's extension, someone else's name
        ],
        ["orders"] =
        [
            [100L, 1L, "paid", 500L, "n", 13L],
            [101L, 1L, "draft", null, "n", 12L],
            [102L, 2L, "paid", null, "n", null],
            [103L, 3L, "paid", 501L, "n", null],
            [104L, 1L, "sent", 501L, "n", 11L],
        ],
        ["order_lines"] = [[200L, 100L], [201L, 101L], [202L, 102L], [203L, 100L], [204L, 104L]],
        ["messages"] =
        [
            [300L, null, "ANNA.BERG@example.dk", "ok"],
            [301L, 300L, "bo@example.dk", "ok"],
            [302L, 301L, "bo@example.dk", "spam"],
            [303L, 302L, null, "ok"],
            [304L, 301L, null, "ok"],
            [305L, null, "bo@example.dk", "ok"],
            [306L, 305L, " anna.berg@EXAMPLE.dk", "ok"],
            [307L, 306L, null, "ok"],
        ],
        ["customer_tags"] = [[1L, "vip"], [1L, "b2b"], [3L, "vip"], [2L, "vip"]],
    };

    private static readonly Identity[] Anna =
        [new("email", "anna.berg@example.dk"), new("phone", "12345678"), new("full_name", "anna berg"), new("extension", "102")];

    private static async Task<OracleAnswer> AnswerAsync(DatabaseProvider provider, IReadOnlyCollection<Identity> identities, params object?[][] extraCustomers)
    {
        var rows = Rows();
        rows["customers"].AddRange(extraCustomers);
        await using var database = await OwnershipDatabase.CreateAsync(provider, Map, rows);
        return await OwnershipOracle.ComputeAsync(database.Connection, Map, identities, default);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_oracle_finds_the_hand_worked_answer(DatabaseProvider provider)
    {
        var answer = await AnswerAsync(provider, Anna);

        answer.OwnedIn("customers").ShouldBe(["1"], ignoreOrder: true);
        answer.OwnedIn("staff").ShouldBe(["501"], ignoreOrder: true);
        answer.OwnedIn("orders").ShouldBe(["100", "104"], ignoreOrder: true);
        answer.OwnedIn("order_lines").ShouldBe(["200", "203", "204"], ignoreOrder: true);
        answer.OwnedIn("messages").ShouldBe(["300", "301", "304", "306", "307"], ignoreOrder: true);
        answer.OwnedIn("customer_tags").ShouldBe(["1\u241Fvip", "1\u241Fb2b"], ignoreOrder: true);
        answer.OwnedIn("addresses").ShouldBeEmpty();

        answer.MentioningIn("orders").Keys.ShouldBe(["103"], customMessage: "104 mentions Anna too, but is hers");
        answer.MentioningIn("orders")["103"].ShouldBe(["handled_by"]);
        answer.MentioningIn("staff").Keys.ShouldBe(["502"]);
        answer.OwnedReferenced["addresses"].ShouldBe(["13"], ignoreOrder: false, customMessage: "10 is Bo's too; 11 is the company's too");
        answer.SharedReferenced["addresses"].ShouldBe(["10", "11"], ignoreOrder: true);
        answer.Ambiguous.ShouldBeFalse();
        answer.Touches("addresses", "13").ShouldBeTrue();
        answer.Touches("addresses", "10").ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Half_a_composite_identity_finds_nothing_and_a_name_alone_finds_only_where_it_identifies_alone(DatabaseProvider provider)
    {
        (await AnswerAsync(provider, [new Identity("extension", "102")])).Count.ShouldBe(0);

        var byName = await AnswerAsync(provider, [new Identity("full_name", " ANNA berg ")]);
        byName.OwnedIn("customers").ShouldBe(["1"]);
        byName.OwnedIn("staff").ShouldBeEmpty("the staff name is half of extension+full_name");
        byName.OwnedIn("messages").ShouldBeEmpty("messages are found by e-mail");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Two_person_rows_the_identities_match_are_ambiguous_unless_when_leaves_one_out(DatabaseProvider provider)
    {
        (await AnswerAsync(provider, [new Identity("phone", "+4512345678")])).Ambiguous.ShouldBeFalse("row 2 is an ApS");

        var twice = await AnswerAsync(provider, [new Identity("email", "bo@example.dk"), new Identity("phone", "+4512345678")]);
        twice.Candidates["customers"].ShouldBe(["1", "3"], ignoreOrder: true);
        twice.Ambiguous.ShouldBeTrue();

        var fifth = await AnswerAsync(provider, [new Identity("phone", "99 88 77 66")], [5L, "x@example.dk", "0045 99887766", "X", "ENK", null]);
        fifth.OwnedIn("customers").ShouldBe(["5"]);
    }

    [Theory]
    [InlineData("email", " Anna.Berg@Example.DK ", "anna.berg@example.dk", true)]
    [InlineData("email", "anna.berg@example.dk", "anna.berg@example.com", false)]
    [InlineData("phone", "+45 12 34 56 78", "+4512345678", true)]
    [InlineData("phone", "0045 12345678", "+4512345678", true)]
    [InlineData("phone", "12345678", "+4512345678", true)]
    [InlineData("phone", "4512345678", "12 34 56 78", true)]
    [InlineData("phone", "(+45) 12-34.56.78", "0045 1234 5678", true)]
    [InlineData("phone", "+46 12 34 56 78", "12345678", false)]
    [InlineData("phone", "1234567", "+451234567", false)]
    [InlineData("full_name", "Anna   Berg ", "anna berg", true)]
    [InlineData("full_name", "Anna Bergh", "anna berg", false)]
    [InlineData("extension", "101", "101 ", false)]
    [InlineData("customer_number", "C-1", "c-1", false)]
    public void Identity_values_are_compared_as_the_documented_rules_say(string type, string stored, string claimed, bool same)
    {
        IdentityMatch.Matches(type, stored, [new Identity(type, claimed)]).ShouldBe(same);
    }
}
