using System.Text.RegularExpressions;

namespace Lethe.Connectors;

/// <summary>
/// Whether a column looks personal by its name and its table's: <c>email</c>, <c>phone</c> and <c>cpr</c> always do; a
/// <c>name</c> does when its table or its prefix is a person's (<c>customer.name</c>, <c>employee.first_name</c>) and
/// not when it names a thing (<c>category.name</c>, <c>product_name</c>). A name nothing places either way is reported:
/// a false alarm costs a line in the manifest, a miss is personal data Lethe never finds.
/// </summary>
public static partial class PersonalColumnName
{
    // Stems, matched against the start of each word of a table or prefix ("customers", "product_categories").
    private static readonly string[] PersonStems =
    [
        "customer", "client", "user", "person", "people", "employee", "staff", "member", "contact", "patient", "student", "subscriber",
        "applicant", "candidate", "guest", "visitor", "driver", "owner", "author", "recipient", "sender", "profile", "account_holder",
        "first", "last", "full", "middle", "given", "family", "maiden", "nick", "display", "legal",
        "kunde", "bruger", "bruker", "medarbejder", "ansat", "ansatt", "medlem", "kontakt", "elev", "pasient",
    ];

    private static readonly string[] ThingStems =
    [
        "categor", "language", "product", "country", "countries", "currenc", "region", "city", "cities", "status", "type", "kind", "tag",
        "role", "permission", "group", "team", "plan", "feature", "setting", "brand", "item", "sku", "warehouse", "store", "shop", "branch",
        "department", "company", "companies", "organi", "vendor", "supplier", "service", "event", "project", "file", "table", "column",
        "host", "domain", "queue", "job", "task", "template", "report", "metric", "unit", "channel", "campaign", "segment", "course",
        "kategori", "sprog", "sprak", "språk", "produkt", "land", "valuta", "vare", "firma", "afdeling", "avdeling", "butik", "butikk",
    ];

    /// <summary>True when the column looks personal and is not a boolean (a flag says nothing about the person).</summary>
    public static bool Looks(string table, LiveColumn column)
    {
        if (column.Type.Contains("bool", StringComparison.OrdinalIgnoreCase) || Personal().Match(column.Name) is not { Success: true } match)
        {
            return false;
        }

        if (!IsNameWord(match.Groups["word"].Value))
        {
            return true;
        }

        // "name" alone, or "<prefix>_name": the prefix speaks first, then the table.
        var prefix = column.Name[..match.Index];
        return Names(prefix, PersonStems) || (!Names(prefix, ThingStems) && (Names(table, PersonStems) || !Names(table, ThingStems)));
    }

    private static bool IsNameWord(string word) =>
        word.Equals("name", StringComparison.OrdinalIgnoreCase) || word.Equals("navn", StringComparison.OrdinalIgnoreCase);

    private static bool Names(string words, string[] stems) =>
        words.Split(['_', '.', ' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Any(w => stems.Any(s => w.StartsWith(s, StringComparison.OrdinalIgnoreCase)));

    // English, Danish and Norwegian words for the data most often left undescribed.
    [GeneratedRegex(@"(^|_)(?<word>name|navn|fornavn|efternavn|etternavn|mellemnavn|mellomnavn|firstname|lastname|surname|email|e_?mail|mail|phone|tlf|telefon|mobile?|mobil|address|adresse|street|zip|postal|cpr|ssn|national_id|personnummer|fodselsnummer|birth|born|fodsel|gender|sex|kon|kjonn|ip|ip_address|salary|lon|lonn|iban|account_no|card|photo|portrait|note|comment)(_|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Personal();
}
