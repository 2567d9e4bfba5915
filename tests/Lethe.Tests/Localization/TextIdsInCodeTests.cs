using System.Reflection;
using System.Text.RegularExpressions;
using Lethe.Common;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Notices;
using Lethe.Records;
using Lethe.Requests;
using Lethe.Tenancy;

namespace Lethe.Tests.Localization;

/// <summary>
/// Every id the code looks up is in the catalogue in English, Danish and Norwegian: the literal ids found in the sources
/// and pages, and every id <see cref="TextId"/> makes from the values it is given.
/// </summary>
public sealed partial class TextIdsInCodeTests
{
    /// <summary>
    /// Lookups whose id is neither a literal nor made by <see cref="TextId"/>, each with why that is safe; a new one
    /// fails the test until its ids are covered here or it is rewritten.
    /// </summary>
    private static readonly Dictionary<string, string> KnownIndirectLookups = new(StringComparer.Ordinal)
    {
        ["src/Lethe/Notices/NoticeRenderer.cs: Texts.Get(id"] = "The renderer's own T(id), called with literals and TextId ids.",
        ["src/Lethe/Requests/Answers/AnswerReport.cs: Texts.Get(id"] = "The report's own T(id, language), called with literals and TextId ids.",
        ["src/Lethe/Breaches/AuthorityNotification.cs: Texts.Get(id"] = "The notification's own T(id), called with literals and TextId ids.",
        ["src/Lethe/Breaches/AuthorityNotification.cs: T(id"] = "The notification's Fill(id, …), called with literals.",
        ["src/Lethe/Processors/ControllerNoticeText.cs: Texts.Get(id"] = "The notice's own T(id), called with literals.",
        ["src/Lethe/Processors/ControllerNoticeText.cs: T(id"] = "The notice's Fill(id, …), called with literals.",
        ["src/Lethe/Reviews/ReviewReport.cs: Texts.Get(id"] = "The report's own T(id), called with literals and TextId ids.",
        ["src/Lethe/Reviews/ReviewChecklist.cs: Texts.Get(id"] = "The checklist's own T(id, language, …), called with literals.",
        ["src/Lethe/Consent/ConsentPurpose.cs: Texts.Get(id"] = "The purposes' own T(id), every language at once, called with literals.",
        ["src/Lethe/Localization/Said.cs: Texts.Find(Id"] = "A sentence the domain made from a literal id (retention's reasons; SaidIdsTests finds each in every language) or a TextId id (KeptReasons).",
        ["src/Lethe/Localization/Said.cs: Texts.Get(Id"] = "The same sentence's English, when a language lacks it.",
        ["src/Lethe.Web/Localization/CatalogueLocalizer.cs: Texts.Find(name"] = "The pages' localizer: the pages' lookups are scanned themselves.",
        ["src/Lethe.Web/Pages/ConsolePage.cs: Texts.Find(id"] = "A form field's label by its wire name; a field of no label is shown without one.",
        ["src/Lethe.Web/Localization/LocalizerWords.cs: Texts.Has(id"] = "OrAsIs: called with TextId ids, and a value of no text is shown as it is.",
        ["src/Lethe.Web/Localization/FailureTexts.cs: Texts.Find(id"] = "A placeholder's label, by ids TextId makes (FailureTexts.Labelled).",
        ["src/Lethe.Web/Localization/FailureTexts.cs: Texts.Get(error.Id"] = "An error.* id found back from a failure's English (Texts.ErrorMatch).",
        ["src/Lethe/DataMap/ManifestRules.cs: Texts.Get(verdict.Id"] = "An error.* id found back from the datastore boundary's English verdict (Texts.ErrorMatch).",
        ["src/Lethe.Web/Pages/PrivacyCentre/LinkActionPage.cs: L[BadLinkText"] = "A link page's refusal: a literal id in each page (error.newsletter.bad_link, error.unsubscribe.bad_link).",
    };

    [Fact]
    public void Every_literal_id_in_the_sources_and_pages_is_in_every_language()
    {
        var used = Lookups().Where(l => l.Argument.StartsWith('"')).Select(l => l.Argument.Trim('"')).Distinct().ToList();

        // One id from each place that reads the catalogue, so a lookup shape the scan stopped seeing fails here.
        used.ShouldContain("console.layout.main_navigation");
        used.ShouldContain("centre.intake.send");
        used.ShouldContain("error.centre.bad_token");
        used.ShouldContain("notice.title");
        used.ShouldContain("answer.found");
        used.ShouldContain("banner.gpc");
        used.ShouldContain("period.years");
        used.ShouldContain("list.and");
        foreach (var language in Texts.Languages)
        {
            var texts = Texts.All(language);
            used.Where(id => !texts.ContainsKey(id)).ShouldBeEmpty($"missing in {language}");
        }
    }

    [Fact]
    public void Every_lookup_is_a_literal_id_or_made_by_TextId_or_known()
    {
        var indirect = Lookups().Where(l => !l.Argument.StartsWith('"') && !l.Argument.StartsWith("TextId.", StringComparison.Ordinal))
            .Select(l => $"{l.File}: {l.Call}{l.Argument}").Distinct().ToList();

        indirect.Except(KnownIndirectLookups.Keys).ShouldBeEmpty();
        KnownIndirectLookups.Keys.Except(indirect).ShouldBeEmpty("an entry no lookup needs any more");
    }

    [Fact]
    public void Every_id_TextId_makes_from_a_known_value_is_in_every_language()
    {
        var ids = new Dictionary<string, IEnumerable<string>>
        {
            [nameof(TextId.RequestType)] = RequestType.All.Select(TextId.RequestType),
            [nameof(TextId.RequestWant)] = RequestType.All.Select(TextId.RequestWant),
            [nameof(TextId.RequestRight)] = RequestType.All.Select(TextId.RequestRight),
            [nameof(TextId.RequestStatus)] = RequestStatus.All.Select(TextId.RequestStatus),
            [nameof(TextId.Channel)] = RequestChannel.All.Select(c => c.ToWire()).Concat(ConsentInput.Channels).Select(TextId.Channel),
            [nameof(TextId.StepStatus)] = StepStatus.All.Select(TextId.StepStatus),
            [nameof(TextId.Identity)] = ManifestVocabulary.IdentityTypes.Select(TextId.Identity),
            [nameof(TextId.RetentionAction)] = ManifestVocabulary.RetentionActions.Select(TextId.RetentionAction),
            [nameof(TextId.Role)] = Enum.GetValues<Role>().Select(r => TextId.Role(r)).Concat(Enum.GetNames<Role>().Select(TextId.Role)),
            [nameof(TextId.ConsentAction)] = Constants(typeof(ConsentAction)).Select(TextId.ConsentAction),
            [nameof(TextId.SuppressionReason)] = new[] { SuppressionList.Objection, SuppressionList.Withdrawal, SuppressionList.Unsubscribe }.Select(TextId.SuppressionReason),
            [nameof(TextId.NoticeBasis)] = ManifestVocabulary.LegalBases.Select(TextId.NoticeBasis),
            [nameof(TextId.NoticeRole)] = ManifestVocabulary.ProcessorRoles.Select(TextId.NoticeRole),
            [nameof(TextId.NoticeRight)] = NoticeRenderer.Rights.Select(TextId.NoticeRight),
            [nameof(TextId.Basis)] = ManifestVocabulary.LegalBases.Select(TextId.Basis),
            [nameof(TextId.Safeguard)] = ManifestVocabulary.TransferSafeguards.Select(TextId.Safeguard),
            [nameof(TextId.ProcessorRole)] = ManifestVocabulary.ProcessorRoles.Select(TextId.ProcessorRole),
            [nameof(TextId.TimeZone)] = Enum.GetValues<Country>().Select(TextId.TimeZone),
            [nameof(TextId.RecordHeading)] = RecordBuilder.ControllerColumns.Concat(RecordBuilder.ProcessorColumns).Select(c => TextId.RecordHeading(c.Key)),
            // The report shows an action without a text as it is; these are the ones the data map can name.
            [nameof(TextId.AnswerAction)] = ManifestVocabulary.ErasureStrategies.Concat(ManifestVocabulary.RetentionActions).Select(TextId.AnswerAction),
            [nameof(TextId.MailSubject)] = MessageTemplates.Names.Select(TextId.MailSubject),
            [nameof(TextId.MailBody)] = MessageTemplates.Names.Select(TextId.MailBody),
            [nameof(TextId.Job)] = Enum.GetValues<Lethe.Work.JobKind>().Select(TextId.Job),
            [nameof(TextId.KeptReason)] = Lethe.Execution.KeptReasons.All.Select(TextId.KeptReason),
            [nameof(TextId.LanguageName)] = Texts.Languages.Select(TextId.LanguageName),
            [nameof(TextId.Category)] = Taxonomy.BuiltIn.Select(c => TextId.Category(c.Key)),
            [nameof(TextId.DatastoreKind)] = DatastoreKind.All.Select(TextId.DatastoreKind),
            [nameof(TextId.ChangeArea)] = Enum.GetValues<ChangeArea>().Select(TextId.ChangeArea),
            [nameof(TextId.ChangeKind)] = Enum.GetValues<ChangeKind>().Select(TextId.ChangeKind),
            [nameof(TextId.ChangedPart)] = Enum.GetValues<ChangedPart>().Where(p => p != ChangedPart.None).Select(TextId.ChangedPart),
            [nameof(TextId.BreachRisk)] = Enum.GetValues<Lethe.Breaches.BreachRisk>().Select(r => TextId.BreachRisk(r)).Append(TextId.BreachRisk((Lethe.Breaches.BreachRisk?)null)),
            [nameof(TextId.BreachStatus)] = Enum.GetValues<Lethe.Breaches.BreachStatus>().Select(s => TextId.BreachStatus(s)),
            [nameof(TextId.AuditAction)] = Constants(typeof(Lethe.Audit.AuditActions)).Select(TextId.AuditAction),
            [nameof(TextId.DetectorKind)] = Enum.GetValues<Lethe.Scanning.DetectorKind>().Select(TextId.DetectorKind),
            [nameof(TextId.Confidence)] = Enum.GetValues<Lethe.Scanning.Confidence>().Select(TextId.Confidence),
            [nameof(TextId.ScanAdvice)] = Enum.GetValues<Lethe.Scanning.ScanAdvice>().Select(TextId.ScanAdvice),
            [nameof(TextId.AuditTarget)] = Lethe.Audit.AuditTarget.Kinds.Select(TextId.AuditTarget),
            [nameof(TextId.ApiKeyScope)] = ApiKeyScopes.Names.Select(TextId.ApiKeyScope),
            [nameof(TextId.AuditActor)] = new[] { "system", "cli", "person", "anonymous", "api-key" }.Select(TextId.AuditActor),
            [nameof(TextId.DutyKind)] = Enum.GetValues<Lethe.Calendar.DutyKind>().Select(TextId.DutyKind),
            [nameof(TextId.DutyState)] = Enum.GetValues<Lethe.Calendar.DutyState>().Select(TextId.DutyState),
            [nameof(TextId.ReviewItemKind)] = Enum.GetValues<Lethe.Reviews.ReviewItemKind>().Select(TextId.ReviewItemKind),
            [nameof(TextId.ItemDecision)] = Enum.GetValues<Lethe.Reviews.ItemDecision>().Select(TextId.ItemDecision),
            [nameof(TextId.ReviewStatus)] = Enum.GetValues<Lethe.Reviews.ReviewStatus>().Select(TextId.ReviewStatus),
            [nameof(TextId.RiskLevel)] = Enum.GetValues<Lethe.RiskAssessments.RiskLevel>().Select(TextId.RiskLevel),
            [nameof(TextId.DpiaSignal)] = Enum.GetValues<Lethe.RiskAssessments.DpiaSignal>().Select(TextId.DpiaSignal),
            [nameof(TextId.NotFoundKind)] = NotFoundKinds().Select(TextId.NotFoundKind),
            [nameof(TextId.PasswordRule)] = Lethe.Accounts.PasswordRules.Codes.Select(TextId.PasswordRule),
        };

        typeof(TextId).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct().Except(ids.Keys).ShouldBeEmpty("a TextId method nobody enumerates");
        foreach (var language in Texts.Languages)
        {
            var texts = Texts.All(language);
            ids.SelectMany(i => i.Value.Where(id => !texts.ContainsKey(id)).Select(id => $"{i.Key}: {id}")).ShouldBeEmpty($"missing in {language}");
        }
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_not_found_failure_names_its_kind_as_a_literal()
    {
        var made = Sources().SelectMany(f => NotFoundMade().Matches(File.ReadAllText(f.Path)).Select(m => $"{f.Relative}: {m.Value}")).ToList();

        made.ShouldNotBeEmpty();
        made.Where(m => !m.EndsWith('"')).ShouldBeEmpty("a NotFound whose kind the catalogue test cannot see");
        NotFoundKinds().ShouldContain("Request");
        NotFoundKinds().ShouldContain("datastore secret");
    }

    /// <summary>Every kind of thing a <see cref="NotFound"/> in the sources names.</summary>
    private static IEnumerable<string> NotFoundKinds() =>
        Sources().SelectMany(f => NotFoundMade().Matches(File.ReadAllText(f.Path)).Where(m => m.Value.EndsWith('"')))
            .Select(m => m.Value[(m.Value.IndexOf('"') + 1)..^1]).Distinct();

    private static IEnumerable<(string Path, string Relative)> Sources()
    {
        var root = Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot();
        var sources = Path.Combine(root, "src");
        return Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(sources, "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (f, Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')));
    }

    // "new NotFound(" or "new Lethe.Common.NotFound(" and its first argument: a literal whole, anything else its first character.
    [GeneratedRegex("""\bnew\s+(?:Lethe\.Common\.)?NotFound\(\s*(?:"[^"]*"|.)""")]
    private static partial Regex NotFoundMade();

    /// <summary>Every catalogue lookup in the C# sources and Razor pages: the pages' <c>T[…]</c>/<c>L[…]</c>, core's <c>Texts.Get/Find/Has(…)</c> and the renderers' own <c>T(…)</c>.</summary>
    private static IEnumerable<(string File, string Call, string Argument)> Lookups()
    {
        foreach (var (file, relative) in Sources())
        {
            foreach (Match m in Lookup().Matches(File.ReadAllText(file)))
            {
                yield return (relative, m.Groups["call"].Value, m.Groups["arg"].Value);
            }
        }
    }

    // The argument up to its first separator: a literal whole, anything else by its first word ("TextId.", "id").
    [GeneratedRegex("""(?<call>(?<![\w.])[TL]\[|(?<![\w.])T\((?!string )|\bTexts\.(?:Get|Find|Has)\()\s*(?<arg>"[^"]*"|TextId\.|[\w.]+)""")]
    private static partial Regex Lookup();
}
