using Lethe.Common;

namespace Lethe.Records;

/// <summary>Column headings of the Art. 30 records in English, Danish and Norwegian.</summary>
internal static class RecordHeadings
{
    private static readonly Dictionary<string, Trilingual> Headings = new(StringComparer.Ordinal)
    {
        ["controller"] = new("Controller and contact details", "Dataansvarlig og kontaktoplysninger", "Behandlingsansvarlig og kontaktopplysninger"),
        ["processor"] = new("Processor and contact details", "Databehandler og kontaktoplysninger", "Databehandler og kontaktopplysninger"),
        ["representative"] = new("Representative", "Repræsentant", "Representant"),
        ["dpo"] = new("Data protection officer", "Databeskyttelsesrådgiver", "Personvernombud"),
        ["activity"] = new("Processing activity", "Behandlingsaktivitet", "Behandlingsaktivitet"),
        ["purpose"] = new("Purposes of the processing", "Formål med behandlingen", "Formål med behandlingen"),
        ["legal_basis"] = new("Legal basis (Art. 6)", "Retsgrundlag (art. 6)", "Behandlingsgrunnlag (art. 6)"),
        ["special_condition"] = new("Condition for special categories (Art. 9)", "Betingelse for særlige kategorier (art. 9)", "Vilkår for særlige kategorier (art. 9)"),
        ["subjects"] = new("Categories of data subjects", "Kategorier af registrerede", "Kategorier av registrerte"),
        ["categories"] = new("Categories of personal data", "Kategorier af personoplysninger", "Kategorier av personopplysninger"),
        ["recipients"] = new("Categories of recipients", "Kategorier af modtagere", "Kategorier av mottakere"),
        ["transfers"] = new("Transfers to third countries and safeguards", "Overførsler til tredjelande og garantier", "Overføringer til tredjeland og garantier"),
        ["retention"] = new("Time limits for erasure", "Tidsfrister for sletning", "Frister for sletting"),
        ["security"] = new("Technical and organisational security measures (Art. 32)", "Tekniske og organisatoriske sikkerhedsforanstaltninger (art. 32)", "Tekniske og organisatoriske sikkerhetstiltak (art. 32)"),
        ["controllers"] = new("Controllers on whose behalf the processor acts", "Dataansvarlige, på hvis vegne databehandleren handler", "Behandlingsansvarlige som databehandleren handler på vegne av"),
        ["processing"] = new("Categories of processing carried out", "Kategorier af behandling, der udføres", "Kategorier av behandling som utføres"),
        ["sub_processors"] = new("Sub-processors", "Underdatabehandlere", "Underdatabehandlere"),
    };

    public static string For(string key, string language) => Headings[key].In(language);
}
