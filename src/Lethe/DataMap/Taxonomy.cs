namespace Lethe.DataMap;

/// <summary>The built-in data categories every manifest may use; a manifest adds its own under <c>dataCategories</c>.</summary>
public static class Taxonomy
{
    public static readonly IReadOnlyList<DataCategory> BuiltIn =
    [
        Make("contact.name", "Name", "Navn", "Navn"),
        Make("contact.email", "E-mail address", "E-mailadresse", "E-postadresse"),
        Make("contact.phone", "Telephone number", "Telefonnummer", "Telefonnummer"),
        Make("contact.address", "Postal address", "Postadresse", "Postadresse"),
        Make("identity.birth_date", "Date of birth", "Fødselsdato", "Fødselsdato"),
        Make("identity.gender", "Gender", "Køn", "Kjønn"),
        Make("identity.national_id", "National identity number (CPR, fødselsnummer)", "CPR-nummer", "Fødselsnummer"),
        Make("account.customer_number", "Customer number", "Kundenummer", "Kundenummer"),
        Make("account.credentials", "Login credentials", "Loginoplysninger", "Innloggingsopplysninger"),
        Make("commerce.order_history", "Order history", "Ordrehistorik", "Ordrehistorikk"),
        Make("financial.invoice", "Invoices", "Fakturaer", "Fakturaer"),
        Make("financial.payment", "Payment information", "Betalingsoplysninger", "Betalingsopplysninger"),
        Make("financial.salary", "Salary and payroll", "Løn", "Lønn"),
        Make("communication.inquiry", "Inquiries and correspondence", "Henvendelser og korrespondance", "Henvendelser og korrespondanse"),
        Make("communication.call_recording", "Call recordings", "Optagelser af opkald", "Opptak av samtaler"),
        Make("communication.voicemail", "Voicemail messages", "Telefonsvarerbeskeder", "Talepostmeldinger"),
        Make("communication.usage", "Telephony usage (calls, traffic)", "Forbrugsdata (opkald, trafik)", "Bruksdata (samtaler, trafikk)"),
        Make("employment.position", "Employer and position", "Arbejdsgiver og stilling", "Arbeidsgiver og stilling"),
        Make("employment.extension", "Telephone extension number", "Lokalnummer", "Internnummer"),
        Make("technical.ip_address", "IP address", "IP-adresse", "IP-adresse"),
        Make("technical.usage", "Use of the website and app", "Brug af hjemmeside og app", "Bruk av nettsted og app"),
        Make("technical.cookie_id", "Cookie and device identifiers", "Cookie- og enheds-id", "Informasjonskapsel- og enhets-ID"),
        Make("marketing.preferences", "Marketing preferences and consents", "Markedsføringspræferencer og samtykker", "Markedsføringspreferanser og samtykker"),
        Make("media.portrait", "Portrait photographs", "Portrætbilleder", "Portrettbilder"),
        Make("special.health", "Health data", "Helbredsoplysninger", "Helseopplysninger", special: true),
        Make("special.union_membership", "Trade union membership", "Fagforeningsmedlemskab", "Fagforeningsmedlemskap", special: true),
    ];

    private static readonly Dictionary<string, DataCategory> ByKey = BuiltIn.ToDictionary(c => c.Key, StringComparer.Ordinal);

    public static DataCategory? Find(string key) => ByKey.GetValueOrDefault(key);

    private static DataCategory Make(string key, string en, string da, string nb, bool special = false) => new()
    {
        Key = key,
        Name = new LocalizedText(new Dictionary<string, string> { ["en"] = en, ["da"] = da, ["nb"] = nb }),
        Special = special,
    };
}
