namespace Lethe.Records;

/// <summary>Column headings of the Art. 30 records in English, Danish and Norwegian.</summary>
internal static class RecordHeadings
{
    private static readonly Dictionary<string, (string En, string Da, string Nb)> Headings = new(StringComparer.Ordinal)
    {
        ["controller"] = ("Controller and contact details", "Dataansvarlig og kontaktoplysninger", "Behandlingsansvarlig og kontaktopplysninger"),
        ["processor"] = ("Processor and contact details", "Databehandler og kontaktoplysninger", "Databehandler og kontaktopplysninger"),
        ["representative"] = ("Representative", "Repræsentant", "Representant"),
        ["dpo"] = ("Data protection officer", "Databeskyttelsesrådgiver", "Personvernombud"),
        ["activity"] = ("Processing activity", "Behandlingsaktivitet", "Behandlingsaktivitet"),
        ["purpose"] = ("Purposes of the processing", "Formål med behandlingen", "Formål med behandlingen"),
        ["legal_basis"] = ("Legal basis (Art. 6)", "Retsgrundlag (art. 6)", "Behandlingsgrunnlag (art. 6)"),
        ["special_condition"] = ("Condition for special categories (Art. 9)", "Betingelse for særlige kategorier (art. 9)", "Vilkår for særlige kategorier (art. 9)"),
        ["subjects"] = ("Categories of data subjects", "Kategorier af registrerede", "Kategorier av registrerte"),
        ["categories"] = ("Categories of personal data", "Kategorier af personoplysninger", "Kategorier av personopplysninger"),
        ["recipients"] = ("Categories of recipients", "Kategorier af modtagere", "Kategorier av mottakere"),
        ["transfers"] = ("Transfers to third countries and safeguards", "Overførsler til tredjelande og garantier", "Overføringer til tredjeland og garantier"),
        ["retention"] = ("Time limits for erasure", "Tidsfrister for sletning", "Frister for sletting"),
        ["security"] = ("Technical and organisational security measures (Art. 32)", "Tekniske og organisatoriske sikkerhedsforanstaltninger (art. 32)", "Tekniske og organisatoriske sikkerhetstiltak (art. 32)"),
        ["controllers"] = ("Controllers on whose behalf the processor acts", "Dataansvarlige, på hvis vegne databehandleren handler", "Behandlingsansvarlige som databehandleren handler på vegne av"),
        ["processing"] = ("Categories of processing carried out", "Kategorier af behandling, der udføres", "Kategorier av behandling som utføres"),
        ["sub_processors"] = ("Sub-processors", "Underdatabehandlere", "Underdatabehandlere"),
    };

    public static string For(string key, string language)
    {
        var (en, da, nb) = Headings[key];
        return language switch
        {
            "da" => da,
            "nb" => nb,
            _ => en,
        };
    }
}
