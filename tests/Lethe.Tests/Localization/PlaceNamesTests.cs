using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Localization;

/// <summary>Where data is, by the data map's names in the reader's language rather than by its keys.</summary>
public sealed class PlaceNamesTests
{
    private static readonly Manifest Flex4Business = ManifestFiles.Sample("flex4business");

    [Theory]
    [InlineData("da", "Fakturering og bogføring")]
    [InlineData("en", "Invoicing and bookkeeping")]
    [InlineData("nb", "Fakturering og bokføring")]
    public void A_datastore_is_its_systems_name_in_the_readers_language(string language, string name) =>
        PlaceNames.Datastore(Flex4Business, "billing.db", language).ShouldBe(name);

    [Fact]
    public void A_system_of_no_name_in_the_readers_language_is_named_in_the_tenants_own()
    {
        var billing = Flex4Business.Systems.Single(s => s.Key == "billing");
        var danishOnly = billing with { Name = new LocalizedText(new Dictionary<string, string> { ["en"] = "Invoicing", ["da"] = "Fakturering" }) };
        var manifest = Flex4Business with { Systems = [.. Flex4Business.Systems.Select(s => s == billing ? danishOnly : s)] };

        PlaceNames.Datastore(manifest, "billing.db", "nb").ShouldBe("Fakturering");
    }

    [Fact]
    public void A_datastore_of_a_system_with_several_says_which_one()
    {
        var billing = Flex4Business.Systems.Single(s => s.Key == "billing");
        var files = billing.Datastores[0] with { Key = "files" };
        var manifest = Flex4Business with { Systems = [.. Flex4Business.Systems.Where(s => s != billing), billing with { Datastores = [.. billing.Datastores, files] }] };

        PlaceNames.Datastore(manifest, "billing.files", "da").ShouldBe("Fakturering og bogføring – files");
    }

    [Theory]
    [InlineData("da", "Fakturering og bogføring – customers")]
    [InlineData("en", "Invoicing and bookkeeping – customers")]
    public void A_collection_is_its_datastores_name_and_its_own(string language, string name) =>
        PlaceNames.Collection(Flex4Business, "billing.db.customers", language).ShouldBe(name);

    [Theory]
    [InlineData("da", "Databehandler: Nets Denmark A/S")]
    [InlineData("nb", "Databehandler: Nets Denmark A/S")]
    [InlineData("en", "Processor: Nets Denmark A/S")]
    public void A_request_forwarded_to_a_processor_is_its_role_and_name(string language, string said) =>
        PlaceNames.Datastore(Flex4Business, "sub-processor:nets", language).ShouldBe(said);

    [Theory]
    [InlineData("da", "Underdatabehandler: TDC Holding A/S")]
    [InlineData("en", "Sub-processor: TDC Holding A/S")]
    public void A_request_forwarded_to_a_sub_processor_says_so(string language, string said) =>
        PlaceNames.Datastore(ManifestFiles.Sample("flexfone"), "sub-processor:tdc", language).ShouldBe(said);

    [Fact]
    public void A_forwarded_request_keeps_the_name_it_was_forwarded_under_and_says_what_was_done_when_the_data_map_lost_the_processor()
    {
        PlaceNames.Datastore(Flex4Business, "sub-processor:nets", "da", "Nets A/S (before the merger)").ShouldBe("Databehandler: Nets A/S (before the merger)");
        PlaceNames.Datastore(Flex4Business, "sub-processor:gone", "da", "Old Partner ApS").ShouldBe("Videresendt til Old Partner ApS");
    }

    [Theory]
    [InlineData("crm.db")]
    [InlineData("not a datastore")]
    public void A_key_the_data_map_does_not_have_is_shown_as_written(string datastore)
    {
        PlaceNames.Datastore(Flex4Business, datastore, "da").ShouldBe(datastore);
        PlaceNames.Datastore(null, datastore, "da").ShouldBe(datastore);
        PlaceNames.Collection(Flex4Business, datastore + ".customers", "da").ShouldBe(datastore + ".customers");
    }
}
