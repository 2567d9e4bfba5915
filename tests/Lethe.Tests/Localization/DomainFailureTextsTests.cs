using Lethe.Breaches;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Scanning;
using Lethe.Tests.DataMap;
using Lethe.Web.Localization;

namespace Lethe.Tests.Localization;

/// <summary>
/// The domain's failures of breaches, processors, risks, the calendar, scans and secrets are catalogue texts: a console
/// page finds each back from its English and says it in Danish or Norwegian with the same values. The English is as
/// the API and the CLI have always said it.
/// </summary>
public sealed class DomainFailureTextsTests
{
    [Theory]
    // RiskCommands
    [InlineData(
        "Measures do not make a risk more likely: the residual likelihood is at most the likelihood before them.",
        "Foranstaltninger gør ikke en risiko mere sandsynlig: sandsynligheden efter foranstaltningerne kan højst være den samme som før dem.",
        "Tiltak gjør ikke en risiko mer sannsynlig: sannsynligheten etter tiltakene kan høyst være den samme som før dem.")]
    // DutyAssignments
    [InlineData(
        "ida@example.dk holds no role in Flexfone A/S; give the e-mail address of a privacy officer of the tenant, or nothing to give the duty back to the privacy officers.",
        "ida@example.dk har ingen rolle i Flexfone A/S; angiv e-mailadressen på en databeskyttelsesansvarlig hos lejeren, eller lad feltet stå tomt for at give opgaven tilbage til de databeskyttelsesansvarlige.",
        "ida@example.dk har ingen rolle i Flexfone A/S; oppgi e-postadressen til en personvernansvarlig hos leietakeren, eller la feltet stå tomt for å gi oppgaven tilbake til de personvernansvarlige.")]
    // ServedByCommands
    [InlineData(
        "Flexfone A/S has customer key 'C-1001' with Flex4Business ApS already; each customer has its own.",
        "Flexfone A/S har allerede kundenummeret »C-1001« hos Flex4Business ApS; hver kunde har sit eget.",
        "Flexfone A/S har allerede kundenummeret «C-1001» hos Flex4Business ApS; hver kunde har sitt eget.")]
    // SubProcessorNotices
    [InlineData(
        "The notice period ended at 2026-03-01 12:00 UTC; the change has taken effect. Raise it with the processor under your agreement.",
        "Varslingsperioden udløb 2026-03-01 12:00 UTC; ændringen er trådt i kraft. Tag sagen op med databehandleren i henhold til jeres aftale.",
        "Varslingsperioden utløp 2026-03-01 12:00 UTC; endringen har trådt i kraft. Ta saken opp med databehandleren i henhold til avtalen deres.")]
    // ControllerBreachNotices
    [InlineData(
        "'shop' is not a customer tenant this tenant serves; name one by its slug.",
        "»shop« er ikke en kundelejer, som denne lejer betjener; angiv en kundelejer ved dens kortnavn.",
        "«shop» er ikke en kundeleietaker som denne leietakeren betjener; oppgi en kundeleietaker med kortnavnet.")]
    // AgreementDocuments
    [InlineData(
        "Give a file name of at most 200 characters without control characters.",
        "Angiv et filnavn på højst 200 tegn uden kontroltegn.",
        "Oppgi et filnavn på høyst 200 tegn uten kontrolltegn.")]
    // BreachCommands and BreachLetters: what the data map no longer holds is said again in the reader's language too.
    [InlineData(
        "The data map in force no longer holds what the breach touched: 'crm.db.customers' is not a system, datastore or collection of the data map in force (e.g. shop.db.orders).",
        "Det gældende datakort rummer ikke længere det, bruddet ramte: »crm.db.customers« er hverken et system, et datalager eller en samling i det gældende datakort (f.eks. shop.db.orders).",
        "Det gjeldende datakartet inneholder ikke lenger det bruddet rammet: «crm.db.customers» er verken et system, et datalager eller en samling i det gjeldende datakartet (f.eks. shop.db.orders).")]
    // …with two parts gone, each said (the English joins their sentences with a space).
    [InlineData(
        "The data map in force no longer holds what the breach touched: 'crm.db.customers' is not a system, datastore or collection of the data map in force (e.g. shop.db.orders). 'crm.db' is not a system, datastore or collection of the data map in force (e.g. shop.db.orders).",
        "Det gældende datakort rummer ikke længere det, bruddet ramte: »crm.db.customers« er hverken et system, et datalager eller en samling i det gældende datakort (f.eks. shop.db.orders). »crm.db« er hverken et system, et datalager eller en samling i det gældende datakort (f.eks. shop.db.orders).",
        "Det gjeldende datakartet inneholder ikke lenger det bruddet rammet: «crm.db.customers» er verken et system, et datalager eller en samling i det gjeldende datakartet (f.eks. shop.db.orders). «crm.db» er verken et system, et datalager eller en samling i det gjeldende datakartet (f.eks. shop.db.orders).")]
    [InlineData(
        "The first notification states the assessment as it stands; leave 'measures' out, or assess again to change it. It is for later phases.",
        "Den første anmeldelse angiver vurderingen, som den er; udelad »measures«, eller vurdér bruddet igen for at ændre den. Feltet hører til senere faser.",
        "Den første meldingen oppgir vurderingen slik den er; utelat «measures», eller vurder bruddet på nytt for å endre den. Feltet hører til senere faser.")]
    // BreachImpact, when the data map has no collection to give as an example
    [InlineData(
        "'crm.db' is not a system, datastore or collection of the data map in force.",
        "»crm.db« er hverken et system, et datalager eller en samling i det gældende datakort.",
        "«crm.db» er verken et system, et datalager eller en samling i det gjeldende datakartet.")]
    // BreachLetters
    [InlineData(
        "Keep the description to at most 4000 characters.",
        "Beskrivelsen må højst være på 4000 tegn.",
        "Beskrivelsen kan være på høyst 4000 tegn.")]
    // ScanMasking
    [InlineData(
        "The column customers.email is no longer in crm.db.",
        "Kolonnen customers.email er ikke længere i crm.db.",
        "Kolonnen customers.email er ikke lenger i crm.db.")]
    // RequestInput: a correction naming a category the data map does not hold, said whole (a page shows it without its field)
    [InlineData(
        "'shoe_size' is not a data category any field of the data map holds.",
        "»shoe_size« er ikke en datakategori, som et felt i datakortet rummer.",
        "«shoe_size» er ikke en datakategori som et felt i datakartet inneholder.")]
    // DatastoreSecrets
    [InlineData(
        "The value may be at most 8192 characters; it has 9000.",
        "Værdien må højst være på 8192 tegn; den er på 9000.",
        "Verdien kan ha høyst 8192 tegn; den har 9000.")]
    public void A_domain_failure_is_said_in_danish_and_norwegian(string english, string danish, string norwegian)
    {
        var (id, values) = Texts.ErrorMatch(english).ShouldNotBeNull(english);
        Texts.Fill(Texts.Get(id, "en"), values).ShouldBe(english);

        FailureTexts.Say(english, "da").ShouldBe(danish);
        FailureTexts.Say(english, "nb").ShouldBe(norwegian);
        FailureTexts.Say(english, "en").ShouldBe(english);
    }

    [Fact]
    public void Failures_made_by_the_domain_are_said_in_danish()
    {
        var manifest = ManifestReader.Read(ManifestFiles.Minimal, "minimal.yaml").Manifest.ShouldNotBeNull();

        var parallel = ((InvalidInput)new ScanInput(Parallel: 0).Datastores(manifest).Failure!).Errors["parallel"].Single();
        parallel.ShouldBe("Give the tables to read at once as a number from 1 to 16.");
        FailureTexts.Say(parallel, "da").ShouldBe("Angiv, hvor mange tabeller der skal læses ad gangen, som et tal fra 1 til 16.");

        var none = new ValidationErrors();
        BreachImpact.Of(manifest, [], none).ShouldBeNull();
        var named = none.ToFailure().Errors["affected"].Single();
        named.ShouldBe("Name at least one system, datastore (system.datastore) or collection (system.datastore.collection) of the data map.");
        FailureTexts.Say(named, "da").ShouldBe("Angiv mindst ét system, ét datalager (system.datastore) eller én samling (system.datastore.collection) fra datakortet.");

        var unknown = new ValidationErrors();
        BreachImpact.Of(manifest, ["nowhere"], unknown).ShouldBeNull();
        var notThere = unknown.ToFailure().Errors["affected"].Single();
        notThere.ShouldStartWith("'nowhere' is not a system, datastore or collection of the data map in force (e.g. ");
        var said = FailureTexts.Say(notThere, "da");
        said.ShouldStartWith("»nowhere« er hverken et system, et datalager eller en samling i det gældende datakort (f.eks. ");
        EnglishSentences.In(said, "da").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Request", "No request '42' exists that you can see. Check the identifier.",
        "Der findes ingen anmodning »42«, som du kan se. Tjek id'et.", "Det finnes ingen forespørsel «42» som du kan se. Sjekk ID-en.")]
    [InlineData("API key", "No API key '42' exists that you can see. Check the identifier.",
        "Der findes ingen API-nøgle »42«, som du kan se. Tjek id'et.", "Det finnes ingen API-nøkkel «42» som du kan se. Sjekk ID-en.")]
    [InlineData("Failed job", "No failed job '42' exists that you can see. Check the identifier.",
        "Der findes ingen fejlet job »42«, som du kan se. Tjek id'et.", "Det finnes ingen mislykket jobb «42» som du kan se. Sjekk ID-en.")]
    [InlineData("Legal hold", "No legal hold '42' exists that you can see. Check the identifier.",
        "Der findes ingen retlig tilbageholdelse »42«, som du kan se. Tjek id'et.", "Det finnes ingen rettslig tilbakeholdelse «42» som du kan se. Sjekk ID-en.")]
    public void What_was_not_found_is_named_in_the_reader_s_language(string what, string english, string danish, string norwegian)
    {
        var detail = new NotFound(what, "42").Detail;

        detail.ShouldBe(english);
        FailureTexts.Say(detail, "da").ShouldBe(danish);
        FailureTexts.Say(detail, "nb").ShouldBe(norwegian);
        FailureTexts.Say(detail, "en").ShouldBe(english);
    }

    [Fact]
    public void The_secret_name_s_text_says_the_rule_the_name_is_held_to()
    {
        // The catalogue spells the rule out so Danish and Norwegian can say it; a changed rule must change the text too.
        Texts.Get("error.secret.name", "en").ShouldBe($"The secret's name must be {SecretName.Rule}.");
        FailureTexts.Say(Texts.Get("error.secret.name", "en"), "nb").ShouldNotContain("letters");
    }
}
