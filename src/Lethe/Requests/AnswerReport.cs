using System.Globalization;
using System.Text;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Notices;
using Markdig;

namespace Lethe.Requests;

/// <summary>What an erasure did in one datastore, read back from its step: rows changed per collection, rows kept and why.</summary>
public sealed record ErasureOutcome(string Datastore, IReadOnlyList<ChangeCount> Changed, IReadOnlyList<KeptRows> Kept);

/// <summary>
/// The readable answer to a request, in the person's language: for access everything Art. 15 asks (what was found, in
/// which categories, then purposes, recipients, retention, rights and the complaint route from the privacy notice, the
/// source, automated decisions); for erasure what was erased and what was kept, until when and why.
/// </summary>
public static class AnswerReport
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().Build();

    private static readonly Dictionary<string, (string En, string Da, string Nb)> Texts = new(StringComparer.Ordinal)
    {
        ["title.access"] = ("Answer to your request for access", "Svar på din anmodning om indsigt", "Svar på forespørselen din om innsyn"),
        ["title.portability"] = ("Your data for portability", "Dine oplysninger til dataportabilitet", "Opplysningene dine for dataportabilitet"),
        ["title.erasure"] = ("Answer to your request for erasure", "Svar på din anmodning om sletning", "Svar på forespørselen din om sletting"),
        ["title.other"] = ("Answer to your request", "Svar på din anmodning", "Svar på forespørselen din"),
        ["intro"] = ("{0} received your request on {1}. This answer was made on {2}.", "{0} modtog din anmodning den {1}. Dette svar er lavet den {2}.", "{0} mottok forespørselen din {1}. Dette svaret ble laget {2}."),
        ["found"] = ("The data we hold about you", "De oplysninger, vi har om dig", "Opplysningene vi har om deg"),
        ["found_intro"] = ("The files in this package hold the data itself, as JSON and CSV, one pair per table.", "Filerne i denne pakke indeholder selve oplysningerne som JSON og CSV, ét par pr. tabel.", "Filene i denne pakken inneholder selve opplysningene som JSON og CSV, ett par per tabell."),
        ["nothing_found"] = ("We found no data about you.", "Vi fandt ingen oplysninger om dig.", "Vi fant ingen opplysninger om deg."),
        ["rows"] = ("{0} records", "{0} poster", "{0} poster"),
        ["row"] = ("1 record", "1 post", "1 post"),
        ["notes"] = ("Good to know", "Godt at vide", "Greit å vite"),
        ["source"] = ("Where the data comes from", "Hvor oplysningerne kommer fra", "Hvor opplysningene kommer fra"),
        ["source_text"] = ("The data was given by you, or arose while we served you (orders, invoices, calls). Where a purpose below names another source, the data came from there.",
            "Oplysningerne er givet af dig eller opstået, mens vi betjente dig (ordrer, fakturaer, opkald). Hvor et formål nedenfor nævner en anden kilde, kommer oplysningerne derfra.",
            "Opplysningene er gitt av deg eller oppstått mens vi betjente deg (ordrer, fakturaer, samtaler). Der et formål nedenfor nevner en annen kilde, kommer opplysningene derfra."),
        ["automated"] = ("Automated decisions", "Automatiske afgørelser", "Automatiserte avgjørelser"),
        ["automated_text"] = ("Our data map records no decisions about you based solely on automated processing, including profiling (Art. 22).",
            "Vores datakort registrerer ingen afgørelser om dig, der alene bygger på automatisk behandling, herunder profilering (art. 22).",
            "Datakartet vårt registrerer ingen avgjørelser om deg som bare bygger på automatisert behandling, inkludert profilering (art. 22)."),
        ["about"] = ("About the processing", "Om behandlingen", "Om behandlingen"),
        ["erased"] = ("What we erased", "Hvad vi har slettet", "Hva vi har slettet"),
        ["nothing_erased"] = ("There was nothing to erase.", "Der var intet at slette.", "Det var ingenting å slette."),
        ["action.delete"] = ("deleted", "slettet", "slettet"),
        ["action.anonymize"] = ("anonymised", "anonymiseret", "anonymisert"),
        ["action.pseudonymize"] = ("pseudonymised", "pseudonymiseret", "pseudonymisert"),
        ["action.null"] = ("emptied", "tømt", "tømt"),
        ["action.delete-row"] = ("deleted", "slettet", "slettet"),
        ["action.set-null"] = ("with the field emptied", "med feltet tømt", "med feltet tømt"),
        ["action.empty"] = ("with the field emptied", "med feltet tømt", "med feltet tømt"),
        ["action.replace"] = ("with the field replaced by a fixed text", "med feltet erstattet af en fast tekst", "med feltet erstattet av en fast tekst"),
        ["action.hash"] = ("with the field replaced by a one-way code", "med feltet erstattet af en envejskode", "med feltet erstattet av en enveiskode"),
        ["action.random"] = ("with the field replaced by random characters", "med feltet erstattet af tilfældige tegn", "med feltet erstattet av tilfeldige tegn"),
        ["action.truncate-date"] = ("with the date cut to its year", "med datoen afkortet til året", "med datoen forkortet til året"),
        ["action.truncate-ip"] = ("with the IP address cut to its network", "med IP-adressen afkortet til netværket", "med IP-adressen forkortet til nettverket"),
        ["action.mention"] = ("where you are mentioned in someone else's record, the mention removed", "hvor du er nævnt i en andens oplysninger, med omtalen fjernet", "der du er nevnt i noen andres opplysninger, med omtalen fjernet"),
        ["kept_fields"] = ("Of these we erased {0} now and keep only {1}, which we no longer use for anything else.",
            "Af dem har vi slettet {0} nu og beholder kun {1}, som vi ikke længere bruger til andet.",
            "Av dem har vi slettet {0} nå og beholder bare {1}, som vi ikke lenger bruker til noe annet."),
        ["kept"] = ("What we kept, until when and why", "Hvad vi har beholdt, hvor længe og hvorfor", "Hva vi har beholdt, hvor lenge og hvorfor"),
        ["nothing_kept"] = ("We kept nothing.", "Vi har intet beholdt.", "Vi har ikke beholdt noe."),
        ["kept_until"] = ("{0} in {1}: kept until {2}, then erased. Why: {3}.", "{0} i {1}: beholdes til {2} og slettes derefter. Hvorfor: {3}.", "{0} i {1}: beholdes til {2} og slettes deretter. Hvorfor: {3}."),
        ["kept_open"] = ("{0} in {1}: kept. Why: {2}.", "{0} i {1}: beholdes. Hvorfor: {2}.", "{0} i {1}: beholdes. Hvorfor: {2}."),
        ["kept_rule"] = ("the law requires us to keep them ({0})", "loven kræver, at vi gemmer dem ({0})", "loven krever at vi oppbevarer dem ({0})"),
        ["suppressed"] = ("We will not contact you with marketing again. To remember that, we keep only a one-way code of your e-mail address or phone number.",
            "Vi kontakter dig ikke igen med markedsføring. For at huske det gemmer vi kun en envejskode af din e-mailadresse eller dit telefonnummer.",
            "Vi kontakter deg ikke igjen med markedsføring. For å huske det lagrer vi bare en enveiskode av e-postadressen eller telefonnummeret ditt."),
    };

    public static string T(string key, string language)
    {
        var text = Texts[key];
        return language switch { "da" => text.Da, "nb" => text.Nb, _ => text.En };
    }

    /// <summary>The report of an access or portability answer.</summary>
    public static string Access(
        Manifest manifest, DataRequest request, IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> notes, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var language = request.Language;
        var md = Header(manifest, request, generatedAt, country);
        md.Append("## ").AppendLine(T("found", language)).AppendLine();
        if (counts.Count == 0)
        {
            md.AppendLine(T("nothing_found", language)).AppendLine();
        }
        else
        {
            md.AppendLine(T("found_intro", language)).AppendLine();
            var names = Taxonomy.BuiltIn.Concat(manifest.DataCategories).ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
            foreach (var (path, rows) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var (system, collection) = CollectionRef.TryParse(path, out var name) ? (name.Datastore.ToString(), name.Name) : (path, "");
                var categories = manifest.FindDatastore(system)?.Collections.FirstOrDefault(c => c.Name == collection)?.Fields
                    .Select(f => f.Category).OfType<string>().Distinct().Select(c => names.TryGetValue(c, out var n) ? n.In(language) ?? c : c) ?? [];
                md.Append("- **").Append(NoticeRenderer.Escape(SystemName(manifest, system))).Append(" – ").Append(NoticeRenderer.Escape(collection)).Append("**: ")
                    .Append(Rows(rows, language));
                var list = string.Join(", ", categories);
                md.AppendLine(list.Length > 0 ? $" ({NoticeRenderer.Escape(list)})" : "");
            }

            md.AppendLine();
        }

        Notes(md, notes, language);
        md.Append("## ").AppendLine(T("source", language)).AppendLine().AppendLine(T("source_text", language)).AppendLine();
        md.Append("## ").AppendLine(T("automated", language)).AppendLine().AppendLine(T("automated_text", language)).AppendLine();
        md.Append("## ").AppendLine(T("about", language)).AppendLine();
        // The privacy notice holds Art. 15(1)(a)–(f): purposes, categories, recipients, retention, rights, complaint.
        var notice = NoticeRenderer.Render(manifest, language, null, DateOnly.FromDateTime(generatedAt.UtcDateTime));
        foreach (var line in notice.Split('\n').SkipWhile(l => l.StartsWith("# ", StringComparison.Ordinal) || l.Length == 0))
        {
            md.AppendLine(line.StartsWith('#') ? "#" + line.TrimEnd('\r') : line.TrimEnd('\r'));
        }

        return md.ToString();
    }

    /// <summary>The report of an erasure: what each datastore erased and what it kept, until when and why.</summary>
    public static string Erasure(
        Manifest manifest, DataRequest request, IReadOnlyList<ErasureOutcome> outcomes, IReadOnlyList<DeferredErasure> deferred, IReadOnlyList<string> notes,
        DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var language = request.Language;
        var md = Header(manifest, request, generatedAt, country);
        md.Append("## ").AppendLine(T("erased", language)).AppendLine();
        var changed = outcomes.SelectMany(o => o.Changed.Where(c => c.Rows > 0).Select(c => (o.Datastore, c))).ToList();
        if (changed.Count == 0)
        {
            md.AppendLine(T("nothing_erased", language));
        }

        foreach (var (datastore, change) in changed)
        {
            var action = Texts.ContainsKey("action." + change.Action) ? T("action." + change.Action, language)
                : change.Action.StartsWith("mention ", StringComparison.Ordinal) ? T("action.mention", language) : change.Action;
            md.Append("- ").Append(NoticeRenderer.Escape(SystemName(manifest, datastore))).Append(" – ").Append(NoticeRenderer.Escape(change.Collection)).Append(": ")
                .Append(Rows(change.Rows, language)).Append(' ').AppendLine(action);
        }

        md.AppendLine().Append("## ").AppendLine(T("kept", language)).AppendLine();
        var kept = outcomes.SelectMany(o => o.Kept.Select(k => (o.Datastore, k))).OrderBy(k => k.k.Until ?? DateOnly.MaxValue).ThenBy(k => k.k.Collection, StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
        {
            md.AppendLine(T("nothing_kept", language));
        }

        foreach (var (datastore, k) in kept)
        {
            var where = $"{SystemName(manifest, datastore)} – {k.Collection}";
            // The engine's reason is English prose; a rule with its legal reference can be said in the person's language.
            var why = (k.LegalReference ?? k.Rule) is { } basis
                ? string.Format(CultureInfo.InvariantCulture, T("kept_rule", language), basis)
                : k.Reason.TrimEnd('.');
            md.Append("- ").AppendLine(NoticeRenderer.Escape(k.Until is { } until
                ? string.Format(CultureInfo.InvariantCulture, T("kept_until", language), Rows(k.Rows, language), where, Date(until, language), why)
                : string.Format(CultureInfo.InvariantCulture, T("kept_open", language), Rows(k.Rows, language), where, why)));
            if (k.ErasedFields.Count > 0 && k.KeptFields.Count > 0)
            {
                md.Append("  ").AppendLine(NoticeRenderer.Escape(string.Format(CultureInfo.InvariantCulture, T("kept_fields", language),
                    string.Join(", ", k.ErasedFields), string.Join(", ", k.KeptFields))));
            }
        }

        md.AppendLine();
        Notes(md, notes, language);
        return md.ToString();
    }

    /// <summary>The report of an objection or withdrawal: the person is on the suppression list.</summary>
    public static string Suppressed(Manifest manifest, DataRequest request, DateTimeOffset generatedAt, Tenancy.Country country) =>
        Header(manifest, request, generatedAt, country).AppendLine(T("suppressed", request.Language)).AppendLine().ToString();

    /// <summary>Markdown as a standalone, printable HTML page; text from the data map is escaped, never markup.</summary>
    public static string Html(string markdown, string language, string title) =>
        $"<!doctype html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>"
        + "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head><body>\n"
        + Markdown.ToHtml(markdown, Pipeline) + "</body></html>\n";

    public static string Title(DataRequest request) => T(request.Type switch
    {
        RequestType.Access => "title.access",
        RequestType.Portability => "title.portability",
        RequestType.Erasure => "title.erasure",
        _ => "title.other",
    }, request.Language);

    private static StringBuilder Header(Manifest manifest, DataRequest request, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Title(request)).AppendLine();
        var received = Deadline.ReceivedOn(new DateTimeOffset(request.CreatedAt, TimeSpan.Zero), country);
        var made = Deadline.ReceivedOn(generatedAt, country);
        md.AppendLine(NoticeRenderer.Escape(string.Format(CultureInfo.InvariantCulture, T("intro", request.Language),
            manifest.Organization.Name, Date(received, request.Language), Date(made, request.Language)))).AppendLine();
        return md;
    }

    private static string Rows(int rows, string language) =>
        rows == 1 ? T("row", language) : string.Format(CultureInfo.InvariantCulture, T("rows", language), rows);

    private static void Notes(StringBuilder md, IReadOnlyList<string> notes, string language)
    {
        if (notes.Count == 0)
        {
            return;
        }

        md.Append("## ").AppendLine(T("notes", language)).AppendLine();
        foreach (var note in notes)
        {
            md.Append("- ").AppendLine(NoticeRenderer.Escape(note));
        }

        md.AppendLine();
    }

    private static string SystemName(Manifest manifest, string datastore) =>
        DatastoreRef.TryParse(datastore, out var name) ? manifest.Systems.FirstOrDefault(s => s.Key == name.System)?.Name ?? name.System : datastore;

    private static string Date(DateOnly date, string language) => RequestLanguage.LongDate(date, language);
}
