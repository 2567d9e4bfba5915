using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>
/// A data map's errors are catalogue texts: the API and the CLI say them in the English they always said, the console in
/// the reader's language (<see cref="ManifestError.MessageIn"/>).
/// </summary>
public sealed class ManifestErrorLanguageTests
{
    /// <summary>Valid, in format 2, with a collection that belongs to a person; each case breaks one part of it.</summary>
    private const string Valid = """
        lethe: 2
        organization:
          name: Test ApS
          registrationNumber: "42497762"
          country: DK
          address: Vej 1, 8000 Aarhus C
          email: privacy@test.example
        subjectCategories:
          - key: customer
            name:
              en: Customers
        dataCategories:
          - key: custom.note
            name:
              en: Notes
        systems:
          - key: crm
            name: CRM
            datastores:
              - key: db
                kind: postgres
                connection: env:CRM_DB
                collections:
                  - name: customers
                    is: person
                    fields:
                      - name: id
                      - name: email
                        category: contact.email
                        identifies: email
                        erasure: hash
                      - name: created_at
                  - name: orders
                    belongsTo: customer_id
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
        activities:
          - key: sales
            purpose:
              en: Selling to customers
            legalBasis: contract
            subjects: [customer]
            categories: [contact.email]
            systems: [crm]
            retention: customer_data
        processors:
          - key: mail
            name: Mailer
            service: Sending e-mail
            location: EU
            role: processor
            agreementDate: 2024-01-01
        retention:
          - key: customer_data
            maximum: P3Y
            anchor: crm.db.customers.created_at
            action: delete
            description:
              en: Three years after sign-up

        """;

    /// <summary>Format 1, where rentals points to two collections of people and which one owns a rental cannot be told.</summary>
    private const string UnclearOwner = """
        lethe: 1
        organization:
          name: Test ApS
          registrationNumber: "42497762"
          country: DK
          address: Vej 1, 8000 Aarhus C
          email: privacy@test.example
        systems:
          - key: shop
            name: Shop
            datastores:
              - key: db
                kind: postgres
                connection: env:SHOP_DB
                collections:
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: staff
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: rentals
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
                      - name: staff_id
                        references: staff.id
        """;

    /// <summary>The valid data map with <paramref name="part"/>, which it holds once, written as <paramref name="broken"/>.</summary>
    private static string Breaking(string part, string broken)
    {
        var at = Valid.IndexOf(part, StringComparison.Ordinal);
        if (at < 0 || Valid.IndexOf(part, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{part}' is not in the data map exactly once.", nameof(part));
        }

        return Valid[..at] + broken + Valid[(at + part.Length)..];
    }

    private const string Fields = "systems[0].datastores[0].collections[0].fields[1]";

    /// <summary>
    /// A broken data map, the field of one of its errors, and that error in English (the words from before errors had
    /// texts), Danish and Norwegian.
    /// </summary>
    public static TheoryData<string, string, string, string, string, string> Cases() => new()
    {
        {
            "a required value left out", Breaking("  name: Test ApS\n", ""), "organization.name",
            "is required.", "skal angives.", "må oppgis."
        },
        {
            "yes for a boolean", Breaking("  - key: custom.note\n", "  - key: custom.note\n    special: yes\n"), "dataCategories[0].special",
            "must be true or false, not 'yes'.", "skal være true eller false, ikke »yes«.", "må være true eller false, ikke «yes»."
        },
        {
            "a misspelt key", Breaking("    legalBasis: contract", "    legalbasis: contract"), "activities[0].legalbasis",
            "is not a known key here; known keys are banner, categories, consentPurpose, key, legalBasis, onBehalfOf, purpose, recipients, retention, role, specialCategoryCondition, subjects, systems, transfers.",
            "er ikke en kendt nøgle her; de kendte nøgler er banner, categories, consentPurpose, key, legalBasis, onBehalfOf, purpose, recipients, retention, role, specialCategoryCondition, subjects, systems, transfers.",
            "er ikke en kjent nøkkel her; de kjente nøklene er banner, categories, consentPurpose, key, legalBasis, onBehalfOf, purpose, recipients, retention, role, specialCategoryCondition, subjects, systems, transfers."
        },
        {
            "a text without its language", Breaking("    purpose:\n      en: Selling to customers\n", "    purpose: Selling to customers and many other people besides\n"), "activities[0].purpose",
            "must name its language, e.g. 'purpose: { en: Selling to customers and many … }'.",
            "skal angive, hvilket sprog teksten er på, f.eks. »purpose: { en: Selling to customers and many … }«.",
            "må oppgi hvilket språk teksten er på, f.eks. «purpose: { en: Selling to customers and many … }»."
        },
        {
            // The parser's own words stay English, inside a sentence that says the file is not YAML.
            "a key written twice", Breaking("    legalBasis: contract\n", "    legalBasis: contract\n    legalBasis: consent\n"), "(file)",
            "Duplicate key legalBasis", "er ikke gyldig YAML: Duplicate key legalBasis", "er ikke gyldig YAML: Duplicate key legalBasis"
        },
        {
            "an unknown format", Breaking("lethe: 2", "lethe: 3"), "lethe",
            "is the format version and must be 2 (or 1, which is upgraded as it is read).",
            "er formatversionen og skal være 2 (eller 1, som opgraderes, når filen læses).",
            "er formatversjonen og må være 2 (eller 1, som oppgraderes når filen leses)."
        },
        {
            "an unknown datastore kind", Breaking("kind: postgres", "kind: ftp"), "systems[0].datastores[0].kind",
            "'ftp' is not valid here; use one of postgres, sqlite, webhook, manual.",
            "»ftp« er ikke gyldig her; brug en af postgres, sqlite, webhook, manual.",
            "«ftp» er ikke gyldig her; bruk en av postgres, sqlite, webhook, manual."
        },
        {
            "a date that is no day", Breaking("agreementDate: 2024-01-01", "agreementDate: 2024-13-01"), "processors[0].agreementDate",
            "must be a date written yyyy-MM-dd, not '2024-13-01'.", "skal være en dato skrevet yyyy-MM-dd, ikke »2024-13-01«.", "må være en dato skrevet yyyy-MM-dd, ikke «2024-13-01»."
        },
        {
            // The tenant rules' sentence, found back as the tenant form's text.
            "a CVR number failing modulus 11", Breaking("\"42497762\"", "\"42497763\""), "organization.registrationNumber",
            "'42497763' is not a valid CVR number: it must be 8 digits that pass the modulus 11 check.",
            "»42497763« er ikke et gyldigt CVR-nummer: det skal være 8 cifre, der består modulus 11-kontrollen.",
            "«42497763» er ikke et gyldig CVR-nummer: det må være 8 sifre som består modulus 11-kontrollen."
        },
        {
            "a misspelt data category", Breaking("category: contact.email", "category: contact.mail"), $"{Fields}.category",
            "'contact.mail' is not a known data category; did you mean 'contact.email'?",
            "»contact.mail« er ikke en kendt datakategori; mente du »contact.email«?",
            "«contact.mail» er ikke en kjent datakategori; mente du «contact.email»?"
        },
        {
            "a period in words", Breaking("    maximum: P3Y\n", "    maximum: 3 years\n"), "retention[0].maximum",
            "'3 years' is not an ISO 8601 period; write e.g. P5Y, P5Y6M or P90D.",
            "»3 years« er ikke en ISO 8601-periode; skriv f.eks. P5Y, P5Y6M eller P90D.",
            "«3 years» er ikke en ISO 8601-periode; skriv f.eks. P5Y, P5Y6M eller P90D."
        },
        {
            "a processor listed twice", Breaking("  - key: mail\n", "  - key: mail\n    name: M\n    service: S\n    location: EU\n    role: processor\n  - key: mail\n"), "processors[1].key",
            "'mail' is used twice in processors; each key must be unique.",
            "»mail« står to gange i processors; to elementer kan ikke have samme key.",
            "«mail» står to ganger i processors; to elementer kan ikke ha samme key."
        },
        {
            "requests forwarded to a joint controller", Breaking("    role: processor\n", "    role: joint-controller\n    forwardRequests: true\n"), "processors[0].forwardRequests",
            "is for processors and sub-processors; a joint-controller answers requests for itself and is never forwarded them. Remove the field.",
            "gælder databehandlere og underdatabehandlere; en modtager med role: joint-controller besvarer selv anmodninger og får dem aldrig videresendt. Fjern feltet.",
            "gjelder databehandlere og underdatabehandlere; en mottaker med role: joint-controller svarer selv på forespørsler og får dem aldri videresendt. Fjern feltet."
        },
        {
            "a review before the agreement", Breaking("agreementDate: 2024-01-01", "agreementDate: 2024-01-01\n    reviewDate: 2023-01-01"), "processors[0].reviewDate",
            "2023-01-01 lies before the agreement's date 2024-01-01; give the day it is next to be reviewed.",
            "2023-01-01 ligger før aftalens dato 2024-01-01; angiv den dag, aftalen næste gang skal gennemgås.",
            "2023-01-01 ligger før avtalens dato 2024-01-01; oppgi dagen avtalen neste gang skal gjennomgås."
        },
        {
            "a misspelt field to anonymize", Breaking("    action: delete\n", "    action: anonymize\n    fields: [mail]\n"), "retention[0].fields",
            "'mail' is not a known field of crm.db.customers; did you mean 'email'?",
            "»mail« er ikke et kendt felt i crm.db.customers; mente du »email«?",
            "«mail» er ikke et kjent felt i crm.db.customers; mente du «email»?"
        },
        {
            "a reference to a person from rows nobody owns", Breaking("          - name: orders\n            belongsTo: customer_id\n", "          - name: orders\n"),
            "systems[0].datastores[0].collections[1].fields[1].references",
            "points to customers, whose rows belong to people, but orders says nobody owns its rows. Add belongsTo: customer_id when a row of orders is that person's, or list customer_id under mentions when it names them in a row that is not theirs.",
            "peger på customers, hvis rækker tilhører personer, men ifølge orders ejer ingen dens rækker. Tilføj belongsTo: customer_id, når en række i orders tilhører den person, eller angiv customer_id under mentions, når feltet blot nævner personen i en række, der ikke er personens.",
            "peker på customers, som har rader som tilhører personer, men ifølge orders eier ingen radene. Legg til belongsTo: customer_id når en rad i orders tilhører den personen, eller før opp customer_id under mentions når feltet bare nevner personen i en rad som ikke er personens."
        },
        {
            "a person that also belongs to one", Breaking("            belongsTo: customer_id\n", "            is: person\n            belongsTo: customer_id\n"),
            "systems[0].datastores[0].collections[1].belongsTo",
            "cannot be given with is: person: a row is a person or belongs to a person, not both.",
            "kan ikke angives sammen med is: person: enten er rækken is: person, eller også tilhører den en person — ikke begge dele.",
            "kan ikke oppgis sammen med is: person: enten er raden is: person, eller så tilhører den en person — ikke begge deler."
        },
        {
            "an unknown erasure of a key-value entry",
            Breaking("            is: person\n            fields:\n", "            is: person\n            keyValue:\n              key: id\n              value: email\n              entries:\n                - key: a\n                  erasure: shred\n            fields:\n"),
            "systems[0].datastores[0].collections[0].keyValue.entries[0].erasure",
            "'shred' is not an erasure strategy; use delete-row, set-null, empty, replace, hash, random, truncate-date, truncate-ip.",
            "»shred« er ikke en sletningsmetode; brug delete-row, set-null, empty, replace, hash, random, truncate-date, truncate-ip.",
            "«shred» er ikke en slettemetode; bruk delete-row, set-null, empty, replace, hash, random, truncate-date, truncate-ip."
        },
        {
            "a format-1 collection whose owner is unclear", UnclearOwner, "systems[0].datastores[0].collections[2]",
            "rentals points to several collections whose rows are people's: customer_id (→ customers), staff_id (→ staff). Say whose a row is with belongsTo: FIELD and list the others under mentions, then write lethe: 2.",
            "rentals peger på flere samlinger, hvis rækker er personers: customer_id (→ customers), staff_id (→ staff). Angiv med belongsTo: FELT, hvem en række tilhører, og angiv de andre under mentions; skriv så lethe: 2.",
            "rentals peker på flere samlinger med rader som tilhører personer: customer_id (→ customers), staff_id (→ staff). Oppgi med belongsTo: FELT hvem en rad tilhører, og før opp de andre under mentions; skriv så lethe: 2."
        },
        {
            "lists nested too deep", "lethe: " + new string('[', 70) + new string(']', 70) + "\n", "(file)",
            "nests lists and mappings more than 64 levels deep; a manifest needs about a dozen. Check for brackets or '- ' repeated by mistake.",
            "indlejrer lister og mappings mere end 64 niveauer dybt; et datakort har brug for omkring et dusin. Se efter parenteser eller »- «, der er gentaget ved en fejl.",
            "nøster lister og mappings mer enn 64 nivåer dypt; et datakart trenger omtrent et dusin. Se etter parenteser eller «- » som er gjentatt ved en feil."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_error_is_said_in_english_as_before_and_in_danish_and_norwegian(string broken, string yaml, string field, string english, string danish, string norwegian)
    {
        var result = ManifestReader.Read(yaml, "broken.yaml");

        var error = result.Errors.FirstOrDefault(e => e.Field == field && e.Message == english);
        error.ShouldNotBeNull($"{broken}: no error on {field} saying \"{english}\"; got {string.Join(" | ", result.Errors)}");
        error.MessageIn("en").ShouldBe(english, broken);
        error.MessageIn("da").ShouldBe(danish, broken);
        error.MessageIn("nb").ShouldBe(norwegian, broken);
        error.MessageIn("fr").ShouldBe(english, "a language the catalogue does not have reads English");
    }

    [Fact]
    public void A_count_is_written_as_the_reader_writes_numbers()
    {
        var error = ManifestReader.Read("a: " + new string('x', (1024 * 1024) + 10) + "\n", "broken.yaml").Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe("is 1,048,590 bytes; a manifest may be at most 1024 KiB.");
        error.MessageIn("da").ShouldBe("er på 1.048.590 byte; et datakort må højst fylde 1024 KiB.");
        error.MessageIn("nb").ShouldBe("er på 1\u00A0048\u00A0590 byte; et datakart kan være på høyst 1024 KiB.", "Norwegian groups digits with a no-break space");
    }

    [Fact]
    public void A_reference_refused_is_said_in_the_readers_words_around_the_boundarys_own()
    {
        const string refusal = "env:LETHE_CONNECTION is one of Lethe's own settings, never a datastore's";
        var result = ManifestReader.Read(Breaking("env:CRM_DB", "env:LETHE_CONNECTION"), "broken.yaml", r => r == "env:LETHE_CONNECTION" ? (refusal, true) : null);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Message.ShouldBe($"is refused: {refusal}.");
        error.MessageIn("da").ShouldBe($"afvises: {refusal}.");
        error.MessageIn("nb").ShouldBe($"avvises: {refusal}.");
    }

    /// <summary>
    /// Every data map broken here and in <see cref="BrokenManifestTests"/>, and each sample with its categories, erasure
    /// strategies, anchors and references misspelt.
    /// </summary>
    private static IEnumerable<(string Name, string Yaml)> BrokenDataMaps()
    {
        foreach (var row in Cases())
        {
            yield return ((string)row[0], (string)row[1]);
        }

        foreach (var row in BrokenManifestTests.Cases())
        {
            var lines = ManifestFiles.Minimal.Split('\n').ToList();
            var (line, replacement) = ((int)row[1], (string)row[2]);
            lines[line - 1] = replacement;
            yield return ((string)row[0], string.Join('\n', lines.Where((l, i) => i != line - 1 || replacement.Length > 0)));
        }

        foreach (var sample in ManifestFiles.Samples())
        {
            var misspelt = File.ReadAllText(sample);
            foreach (var key in new[] { "category: ", "erasure: ", "anchor: ", "references: ", "legalBasis: ", "retention: " })
            {
                misspelt = misspelt.Replace(key, key + "x", StringComparison.Ordinal);
            }

            yield return (sample, misspelt);
        }
    }

    [Fact]
    public void Every_error_the_reader_finds_is_said_in_danish_and_norwegian()
    {
        var errors = BrokenDataMaps().SelectMany(b => ManifestReader.Read(b.Yaml, "broken.yaml").Errors.Select(e => (b.Name, Error: e))).ToList();

        errors.Count.ShouldBeGreaterThan(100);
        errors.Select(e => e.Error.Message).Distinct().Count().ShouldBeGreaterThan(60);
        foreach (var (name, error) in errors)
        {
            error.Say.ShouldNotBeNull($"{name}: {error} is said in English only");
            error.Say("en").ShouldBe(error.Message, name);
            foreach (var language in new[] { "da", "nb" })
            {
                var said = error.MessageIn(language);
                said.ShouldNotBe(error.Message, $"{name}: {error} in {language}");
                System.Text.RegularExpressions.Regex.IsMatch(said, @"\{\d+\}").ShouldBeFalse($"{name}: {error} in {language} has a value missing");
            }
        }
    }
}
