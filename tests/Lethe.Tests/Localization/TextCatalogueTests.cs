using Lethe.Localization;
using Lethe.Requests;

namespace Lethe.Tests.Localization;

/// <summary>The one catalogue of texts: every id in every language, translated, and unambiguous where it is looked up backwards.</summary>
public sealed class TextCatalogueTests
{
    /// <summary>
    /// Texts whose Danish or Norwegian is rightly the English word; any other text equal to its English is a text
    /// someone forgot to translate.
    /// </summary>
    private static readonly Dictionary<string, string> SameAsEnglish = new(StringComparer.Ordinal)
    {
        ["centre.intake.send"] = "\"Send\" is the Danish and Norwegian imperative too.",
        ["channel.api"] = "An abbreviation.",
        ["channel.email"] = "\"E-mail\" is the Danish word (Norwegian says \"E-post\").",
        ["console.common.email"] = "\"E-mail\" is the Danish word (Norwegian says \"E-post\").",
        ["job.Message"] = "\"E-mail\" is the Danish word (Norwegian says \"E-post\").",
        ["identity.email"] = "\"E-mail\" is the Danish word (Norwegian says \"E-post\").",
        ["common.status"] = "\"Status\" is the Danish and Norwegian word.",
        ["console.data_map.system"] = "\"System\" is the Danish and Norwegian word.",
        ["data_map_change.area.System"] = "\"System\" is the Danish and Norwegian word.",
        ["not_found.kind.system"] = "\"System\" is the Danish and Norwegian word.",
        ["console.import_data_map.manifest_yaml"] = "\"Manifest\" is the Danish and Norwegian word; YAML is a format's name.",
        ["console.layout.platform"] = "\"Platform\" is the Danish word (Norwegian says \"Plattform\").",
        ["console.notices.version"] = "\"Version\" is the Danish word (Norwegian says \"Versjon\").",
        ["notice.version"] = "\"Version\" is the Danish word (Norwegian says \"Versjon\").",
        ["console.request.download"] = "\"Download\" is the Danish word (Norwegian says \"nedlasting\").",
        ["console.request.note"] = "\"Note\" is the Danish word (Norwegian says \"Notat\").",
        ["console.field.note"] = "\"Note\" is the Danish word (Norwegian says \"Notat\").",
        ["console.field.logoUrl"] = "\"Logo\" is the Danish and Norwegian word.",
        ["console.requests.type"] = "\"Type\" is the Danish and Norwegian word.",
        ["console.layout.menu"] = "\"Menu\" is the Danish word (Norwegian says \"Meny\").",
    };

    [Fact]
    public void Every_text_is_in_english_danish_and_norwegian()
    {
        var english = Texts.All("en");

        english.Keys.ShouldContain("request.status.received");
        foreach (var language in new[] { "da", "nb" })
        {
            var translated = Texts.All(language);
            english.Keys.Except(translated.Keys).ShouldBeEmpty($"missing in {language}");
            translated.Keys.Except(english.Keys).ShouldBeEmpty($"only in {language}");
        }

        Texts.Languages.SelectMany(l => Texts.All(l).Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{l}: {t.Key}")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    public void No_text_is_left_in_english_unless_it_is_the_same_word(string language)
    {
        var english = Texts.All("en");
        var translated = Texts.All(language);

        var untranslated = english.Where(t => translated[t.Key] == t.Value && !SameAsEnglish.ContainsKey(t.Key)).Select(t => $"{t.Key}: {t.Value}");

        untranslated.ShouldBeEmpty();
    }

    [Fact]
    public void The_allow_list_of_english_words_names_only_texts_that_exist_and_are_the_same_in_a_language()
    {
        var english = Texts.All("en");
        foreach (var id in SameAsEnglish.Keys)
        {
            english.Keys.ShouldContain(id);
            new[] { "da", "nb" }.ShouldContain(l => Texts.All(l)[id] == english[id], id);
        }
    }

    [Fact]
    public void Each_placeholder_of_a_text_is_in_every_language()
    {
        var english = Texts.All("en");
        foreach (var language in new[] { "da", "nb" })
        {
            var translated = Texts.All(language);
            foreach (var (id, text) in english)
            {
                Placeholders(translated[id]).ShouldBe(Placeholders(text), $"{language}: {id}");
            }
        }
    }

    [Fact]
    public void Error_texts_are_found_back_from_their_english_and_translated()
    {
        var errors = Texts.All("en").Where(t => t.Key.StartsWith("error.", StringComparison.Ordinal)).ToList();

        errors.Select(e => e.Value).ShouldBeUnique();
        errors.ShouldAllBe(e => Texts.ErrorId(e.Value) == e.Key);
        Texts.ErrorId(Texts.Get("common.status", "en")).ShouldBeNull();
        Texts.Get("error.centre.no_right", "da").ShouldBe("Vælg mindst én af de rettigheder, der står på listen.");
    }

    [Fact]
    public void A_field_rule_s_english_is_found_back_with_its_values_and_said_in_another_language()
    {
        var english = Lethe.Common.ValidationErrors.TooLong("message", 2000, 2345);

        english.ShouldBe(Texts.Get("error.field.too_long", "en").Replace("{field}", "message", StringComparison.Ordinal)
            .Replace("{max}", "2000", StringComparison.Ordinal).Replace("{length}", "2345", StringComparison.Ordinal));
        var (id, values) = Texts.ErrorMatch(english).ShouldNotBeNull();
        id.ShouldBe("error.field.too_long");
        values.ShouldBe(new Dictionary<string, string> { ["field"] = "message", ["max"] = "2000", ["length"] = "2345" }, ignoreOrder: true);
        Texts.Fill(Texts.Get(id, "da"), new Dictionary<string, string>(values) { ["field"] = "Din besked" })
            .ShouldBe("Feltet »Din besked« må højst være på 2000 tegn; det er på 2345.");
        Texts.ErrorMatch(Texts.Get("error.centre.no_right", "en")).ShouldNotBeNull().Id.ShouldBe("error.centre.no_right");
        Texts.ErrorMatch("Something no text says.").ShouldBeNull();
    }

    [Fact]
    public void Every_error_text_is_found_back_from_its_english_with_its_values_and_every_language_says_the_same_values()
    {
        var errors = Texts.All("en").Where(t => t.Key.StartsWith("error.", StringComparison.Ordinal)).ToList();
        errors.Count.ShouldBeGreaterThan(30);
        foreach (var (id, english) in errors)
        {
            var names = NamedPlaceholders(english);
            var values = names.ToDictionary(n => n, n => $"V-{n}-{names.IndexOf(n)}", StringComparer.Ordinal);

            var (found, got) = Texts.ErrorMatch(Texts.Fill(english, values)).ShouldNotBeNull(id);

            found.ShouldBe(id);
            got.ShouldBe(values, ignoreOrder: true, customMessage: id);
            foreach (var language in new[] { "da", "nb" })
            {
                NamedPlaceholders(Texts.Get(id, language)).Order(StringComparer.Ordinal).ShouldBe(names.Order(StringComparer.Ordinal), $"{id} in {language}");
            }
        }
    }

    [Fact]
    public void Every_refusal_of_a_status_move_is_said_in_every_language()
    {
        // Pages translate core's English by finding its error.* text again; a sentence changed in core without its
        // text would fall back to English unnoticed, so every move the rules refuse is made here and looked up.
        var refusals = (from current in RequestStatus.All from next in RequestStatus.All where !RequestStatus.CanMove(current, next) select RequestStatus.Refusal(current, next))
            .Distinct().ToList();
        refusals.Count.ShouldBeGreaterThan(20);
        foreach (var refusal in refusals)
        {
            var (id, values) = Texts.ErrorMatch(refusal).ShouldNotBeNull(refusal);
            id.ShouldStartWith("error.request.", customMessage: refusal);
            Texts.Fill(Texts.Get(id, "en"), values).ShouldBe(refusal);
        }

        Texts.ErrorMatch(DataRequest.NeedsConfirmedCorrection).ShouldNotBeNull().Id.ShouldBe("error.request.correction_first");
    }

    [Fact]
    public void The_console_forms_refusals_of_tenant_details_a_person_and_a_consent_lookup_are_said_in_every_language()
    {
        var tenant = new Lethe.Tenancy.TenantInput
        {
            Slug = "Bad Slug", Name = "Shop", Country = "DK", RegistrationNumber = "12345678", Address = "Gade 1", ContactEmail = "not-an-address",
            SupervisoryAuthority = "Nobody", LogoUrl = "http://example.com/logo.png", AccentColour = "blue",
        }.Validate(creating: true).ToFailure().Errors;
        var messages = tenant.SelectMany(e => e.Value).ToList();
        messages.Add(Lethe.Tenancy.RegistrationNumber.Problem(Lethe.Tenancy.Country.NO, "123456789").ShouldNotBeNull());
        messages.Add(new Lethe.Tenancy.TenantInput { Country = "DK" }.Validate(creating: false).ToFailure().Errors["registrationNumber"][0]);
        messages.Add(new Lethe.Tenancy.TenantInput { Country = "Other", RegistrationNumber = "X1" }.Validate(creating: false).ToFailure().Errors["supervisoryAuthority"][0]);
        messages.Add(((Lethe.Common.InvalidInput)Lethe.Consent.ConsentSubject.Normalize("person", "nobody").Failure!).Errors.Single().Value[0]);

        messages.Count.ShouldBeGreaterThanOrEqualTo(9);
        foreach (var message in messages)
        {
            Texts.ErrorMatch(message).ShouldNotBeNull(message);
        }
    }

    private static List<string> NamedPlaceholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{([a-z_]+)\}").Select(m => m.Groups[1].Value).Distinct().ToList();

    [Fact]
    public void A_missing_id_is_a_bug_that_throws_and_an_unknown_language_reads_english()
    {
        Should.Throw<KeyNotFoundException>(() => Texts.Get("no.such.text", "da"));
        Texts.Find("no.such.text", "da").ShouldBeNull();
        Texts.Get("notice.title", "fr").ShouldBe("Privacy notice");
        Texts.Get("notice.title", "da").ShouldBe("Privatlivspolitik");
        Texts.Get("notice.title", "nb").ShouldBe("Personvernerklæring");
    }

    [Fact]
    public void No_two_ids_differ_only_in_case()
    {
        // Resource sets look names up without case: a second "Completed" beside "completed" is silently one of them.
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "src", "Lethe", "Localization", "Texts.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

        names.Count.ShouldBe(Texts.All("en").Count);
        names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }

    private static string[] Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{[a-z0-9_]+\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();
}
