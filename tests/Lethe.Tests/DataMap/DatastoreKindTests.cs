using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

public sealed class DatastoreKindTests
{
    [Theory]
    [InlineData("postgres", true, false, false)]
    [InlineData("sqlite", true, false, false)]
    [InlineData("webhook", false, true, false)]
    [InlineData("manual", false, false, true)]
    public void Each_kind_reads_from_its_name_and_says_how_it_is_reached(string name, bool sql, bool webhook, bool manual)
    {
        DatastoreKind.TryParse(name, out var kind).ShouldBeTrue();

        (kind.IsSql, kind.IsWebhook, kind.IsManual).ShouldBe((sql, webhook, manual));
        kind.Name.ShouldBe(name);
        $"{kind}".ShouldBe(name);
        DatastoreKind.Parse(name).ShouldBe(kind);
    }

    [Fact]
    public void The_kinds_are_the_four_the_data_map_documents_in_that_order()
    {
        DatastoreKind.All.Select(k => k.Name).ShouldBe(["postgres", "sqlite", "webhook", "manual"]);
        DatastoreKind.All.Distinct().Count().ShouldBe(4);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Postgres")]
    [InlineData("postgresql")]
    [InlineData(" sqlite")]
    [InlineData("ftp")]
    public void Other_names_are_no_kind(string? name)
    {
        DatastoreKind.TryParse(name, out var kind).ShouldBeFalse();
        kind.ShouldBe(default);
        if (name is not null)
        {
            Should.Throw<FormatException>(() => DatastoreKind.Parse(name)).Message.ShouldContain("postgres, sqlite, webhook, manual");
        }
    }

    [Fact]
    public void The_kind_of_a_datastore_whose_kind_was_not_read_is_none_of_them()
    {
        var none = default(DatastoreKind);

        DatastoreKind.All.ShouldNotContain(none);
        (none.IsSql, none.IsWebhook, none.IsManual, none.Name).ShouldBe((false, false, false, ""));
    }
}
