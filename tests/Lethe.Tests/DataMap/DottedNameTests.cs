using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>
/// The data map's dotted names (<see cref="DatastoreRef"/>, <see cref="CollectionRef"/>, <see cref="FieldRef"/>,
/// <see cref="ColumnRef"/>, <see cref="RequiredPart"/>): what reads, what does not, and that a name reads back as written.
/// </summary>
public sealed class DottedNameTests
{
    // Parts as a data map may hold them: keys with dashes, names with underscores and digits, letters beyond ASCII.
    private const string PartCharacters = "abcxyzABC019_-æøåÆ";

    private static string Part(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 9)).Select(_ => PartCharacters[random.Next(PartCharacters.Length)]).ToArray());

    private static string Dotted(Random random, int parts) => string.Join('.', Enumerable.Range(0, parts).Select(_ => Part(random)));

    [Fact]
    public void Every_name_of_plain_parts_reads_back_as_written()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 500; i++)
        {
            var two = Dotted(random, 2);
            var three = Dotted(random, 3);
            var four = Dotted(random, 4);
            var one = Part(random);

            DatastoreRef.Parse(two).ToString().ShouldBe(two);
            ColumnRef.Parse(two).ToString().ShouldBe(two);
            RequiredPart.Parse(two).ToString().ShouldBe(two);
            RequiredPart.Parse(one).ToString().ShouldBe(one);
            CollectionRef.Parse(three).ToString().ShouldBe(three);
            FieldRef.Parse(four).ToString().ShouldBe(four);
        }
    }

    [Fact]
    public void A_name_made_of_parts_reads_into_the_same_parts()
    {
        var random = new Random(17);
        for (var i = 0; i < 500; i++)
        {
            var (system, store, collection, field) = (Part(random), Part(random), Part(random), Part(random));
            var made = new DatastoreRef(system, store).Collection(collection).Field(field);

            var read = FieldRef.Parse(made.ToString());

            read.ShouldBe(made);
            (read.Datastore.System, read.Datastore.Datastore, read.Collection.Name, read.Name).ShouldBe((system, store, collection, field));
            CollectionRef.Parse(made.Collection.ToString()).ShouldBe(made.Collection);
            DatastoreRef.Parse(made.Datastore.ToString()).ShouldBe(made.Datastore);
            ColumnRef.Parse($"{collection}.{field}").ShouldBe(new ColumnRef(collection, field));
            RequiredPart.Parse($"{collection}.{field}").ShouldBe(new RequiredPart(collection, field));
            RequiredPart.Parse(collection).ShouldBe(new RequiredPart(collection));
        }
    }

    [Fact]
    public void The_parts_are_where_the_data_map_says()
    {
        var anchor = FieldRef.Parse("erp.db.invoices.invoice_date");

        anchor.Datastore.ShouldBe(new DatastoreRef("erp", "db"));
        anchor.Collection.ShouldBe(new CollectionRef(new DatastoreRef("erp", "db"), "invoices"));
        anchor.Name.ShouldBe("invoice_date");
        ColumnRef.Parse("customers.id").ShouldSatisfyAllConditions(c => c.Collection.ShouldBe("customers"), c => c.Field.ShouldBe("id"));
        RequiredPart.Parse("invoices").Field.ShouldBeNull();
        RequiredPart.Parse("customers.name").Field.ShouldBe("name");
    }

    /// <summary>Each text, and how many parts it has when it is well formed (0: it is not, whatever the count).</summary>
    public static TheoryData<string?, int> Texts() => new()
    {
        { null, 0 },
        { "", 0 },
        { ".", 0 },
        { "..", 0 },
        { "...", 0 },
        { "a.", 0 },
        { ".a", 0 },
        { "a..b", 0 },
        { "a.b.", 0 },
        { ".a.b.c", 0 },
        { "a.b..d", 0 },
        { "a", 1 },
        { "a.b", 2 },
        { "a.b.c", 3 },
        { "a.b.c.d", 4 },
        { "a.b.c.d.e", 5 },
        { "crm.db.customers.created_at", 4 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_name_reads_only_as_the_kind_with_its_number_of_parts(string? text, int parts)
    {
        DatastoreRef.TryParse(text, out _).ShouldBe(parts == 2, text);
        ColumnRef.TryParse(text, out _).ShouldBe(parts == 2, text);
        CollectionRef.TryParse(text, out _).ShouldBe(parts == 3, text);
        FieldRef.TryParse(text, out _).ShouldBe(parts == 4, text);
        RequiredPart.TryParse(text, out _).ShouldBe(parts is 1 or 2, text);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a.b.c")]
    [InlineData("a..b")]
    [InlineData("")]
    public void Parse_refuses_what_TryParse_refuses_and_names_the_text(string text)
    {
        Should.Throw<FormatException>(() => DatastoreRef.Parse(text)).Message.ShouldContain($"'{text}'");
        Should.Throw<FormatException>(() => FieldRef.Parse(text)).Message.ShouldContain($"'{text}'");
        Should.Throw<FormatException>(() => ColumnRef.Parse(text)).Message.ShouldContain($"'{text}'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData(".")]
    public void A_part_that_would_not_read_back_is_refused_when_a_name_is_made(string part)
    {
        Should.Throw<ArgumentException>(() => new DatastoreRef(part, "db"));
        Should.Throw<ArgumentException>(() => new DatastoreRef("crm", part));
        Should.Throw<ArgumentException>(() => new DatastoreRef("crm", "db").Collection(part));
        Should.Throw<ArgumentException>(() => new DatastoreRef("crm", "db").Collection("customers").Field(part));
        Should.Throw<ArgumentException>(() => new ColumnRef(part, "id"));
        Should.Throw<ArgumentException>(() => new ColumnRef("customers", part));
        Should.Throw<ArgumentException>(() => new RequiredPart(part));
        Should.Throw<ArgumentException>(() => new RequiredPart("customers", part));
    }
}
