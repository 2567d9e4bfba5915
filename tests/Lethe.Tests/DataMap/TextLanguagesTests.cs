using Lethe.DataMap;
using Lethe.Notices;

namespace Lethe.Tests.DataMap;

/// <summary>
/// Texts of the data map in the languages it is written in: a text missing in one is a warning at its line, and a page
/// in that language shows the tenant's own language instead, never English beside the Danish it has.
/// </summary>
public sealed class TextLanguagesTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml"));

    [Fact]
    public void No_sample_lacks_a_text_in_a_language_it_is_written_in()
    {
        foreach (var file in ManifestFiles.Samples())
        {
            ManifestReader.Read(File.ReadAllText(file), file).Warnings.Where(w => w.Message.Contains("text", StringComparison.Ordinal) || w.Message.Contains("written once", StringComparison.Ordinal))
                .Select(w => w.ToString()).ShouldBeEmpty(file);
        }
    }

    [Fact]
    public void A_service_written_once_in_a_data_map_of_two_languages_is_warned_about_at_its_line()
    {
        var yaml = Sample("small-business").Replace(
            "    service:\n      en: Order processing, invoicing and accounting\n      da: Ordrebehandling, fakturering og regnskab\n",
            "    service: Order processing, invoicing and accounting\n", StringComparison.Ordinal);

        var read = ManifestReader.Read(yaml, "small-business.yaml");

        read.IsValid.ShouldBeTrue();
        var warning = read.Warnings.ShouldHaveSingleItem();
        warning.Field.ShouldBe("processors[0].service");
        warning.File.ShouldBe("small-business.yaml");
        warning.Line.ShouldBe(yaml.Split('\n').ToList().FindIndex(l => l.StartsWith("    service:", StringComparison.Ordinal)) + 1);
        warning.Message.ShouldContain("give it per language");
        read.Manifest!.Processors[0].Service.Plain.ShouldBe("Order processing, invoicing and accounting");
    }

    [Fact]
    public void A_text_written_once_in_a_data_map_of_three_languages_names_them_as_running_text_in_each_language()
    {
        var yaml = Sample("flex4business").Replace(
            "    service:\n      en: Card acquiring; card data is entered at the gateway and never reaches us\n" +
            "      da: Indløsning af betalingskort; kortdata indtastes hos betalingsudbyderen og når aldrig os\n" +
            "      nb: Innløsning av betalingskort; kortdata legges inn hos betalingsleverandøren og når aldri oss\n",
            "    service: Card acquiring\n", StringComparison.Ordinal);

        var warning = ManifestReader.Read(yaml, "flex4business.yaml").Warnings.ShouldHaveSingleItem();

        warning.Message.ShouldBe("is written once, so the English, Danish and Norwegian pages all show it as it is; give it per language, e.g. '{ en: …, da: …, nb: … }'.");
        warning.MessageIn("da").ShouldBe("er skrevet én gang, så siderne på engelsk, dansk og norsk viser den ens; angiv den pr. sprog, f.eks. '{ en: …, da: …, nb: … }'.");
        warning.MessageIn("nb").ShouldBe("er skrevet én gang, så sidene på engelsk, dansk og norsk viser den likt; oppgi den per språk, f.eks. '{ en: …, da: …, nb: … }'.");
    }

    [Fact]
    public void A_text_missing_in_a_language_is_warned_about_and_shown_in_the_tenant_s_own_language()
    {
        var yaml = Sample("small-business").Replace("      en: Order processing, invoicing and accounting\n", "", StringComparison.Ordinal);

        var read = ManifestReader.Read(yaml, "small-business.yaml");

        var warning = read.Warnings.ShouldHaveSingleItem();
        warning.Field.ShouldBe("processors[0].service");
        warning.Message.ShouldContain("has no English text");
        warning.Message.ShouldContain("see the Danish text instead");
        warning.MessageIn("da").ShouldBe("har ingen tekst på engelsk, som datakortet er skrevet på; de, der læser på engelsk, ser teksten på dansk i stedet. Tilføj en: ….");
        warning.MessageIn("nb").ShouldContain("de som leser på engelsk, ser teksten på dansk i stedet");
        NoticeRenderer.Render(read.Manifest!, "en", 1, new DateOnly(2026, 12, 2)).ShouldContain("Ordrebehandling, fakturering og regnskab");
    }

    [Fact]
    public void A_page_falls_back_to_the_tenant_s_language_not_to_english()
    {
        var text = new LocalizedText(new Dictionary<string, string> { ["en"] = "Invoicing", ["da"] = "Fakturering" });

        text.For("nb", "da").ShouldBe("Fakturering");
        text.For("da", "da").ShouldBe("Fakturering");
        text.For("en", "da").ShouldBe("Invoicing");
        text.For("nb", "nb").ShouldBe("Invoicing");
        LocalizedText.Once("Nets").For("da", "da").ShouldBe("Nets");
    }

    [Fact]
    public void A_name_written_once_is_written_back_once_and_one_per_language_per_language()
    {
        var yaml = Sample("flexfone");
        var read = ManifestReader.Read(yaml, "flexfone.yaml").Manifest!;
        var once = read with { Systems = [read.Systems[0] with { Name = "Reseller portal" }, .. read.Systems.Skip(1)] };

        var written = ManifestWriter.Write(once);

        written.ShouldContain("\n  name: Reseller portal\n");
        written.ShouldContain("\n  name:\n    en: Telephony platform (PBX)\n    da: Telefoniplatform (PBX)\n");
        ManifestWriter.Write(ManifestReader.Read(written, "again.yaml").Manifest!).ShouldBe(written);
    }
}
