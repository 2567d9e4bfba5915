using System.Globalization;
using System.Text;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Localization;
using Lethe.Notices;
using Markdig;

namespace Lethe.Requests.Answers;

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

    private static string T(string id, string language) => Texts.Get(id, language);

    /// <summary>The report of an access or portability answer.</summary>
    public static string Access(
        Manifest manifest, DataRequest request, IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> notes, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var language = request.Language;
        var md = Header(manifest, request, generatedAt, country);
        md.Append("## ").AppendLine(T("answer.found", language)).AppendLine();
        if (counts.Count == 0)
        {
            md.AppendLine(T("answer.nothing_found", language)).AppendLine();
        }
        else
        {
            md.AppendLine(T("answer.found_intro", language)).AppendLine();
            var names = Taxonomy.BuiltIn.Concat(manifest.DataCategories).ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
            foreach (var (path, rows) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var (system, collection) = CollectionRef.TryParse(path, out var name) ? (name.Datastore.ToString(), name.Name) : (path, "");
                var categories = manifest.FindDatastore(system)?.Collections.FirstOrDefault(c => c.Name == collection)?.Fields
                    .Select(f => f.Category).OfType<string>().Distinct().Select(c => names.TryGetValue(c, out var n) ? manifest.Say(n, language) : c) ?? [];
                md.Append("- **").Append(NoticeRenderer.Escape(SystemName(manifest, system, language))).Append(" – ").Append(NoticeRenderer.Escape(collection)).Append("**: ")
                    .Append(Rows(rows, language));
                var list = string.Join(", ", categories);
                md.AppendLine(list.Length > 0 ? $" ({NoticeRenderer.Escape(list)})" : "");
            }

            md.AppendLine();
        }

        Notes(md, notes, language);
        md.Append("## ").AppendLine(T("answer.source", language)).AppendLine().AppendLine(T("answer.source_text", language)).AppendLine();
        md.Append("## ").AppendLine(T("answer.automated", language)).AppendLine().AppendLine(T("answer.automated_text", language)).AppendLine();
        md.Append("## ").AppendLine(T("answer.about", language)).AppendLine();
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
        md.Append("## ").AppendLine(T("answer.erased", language)).AppendLine();
        var changed = outcomes.SelectMany(o => o.Changed.Where(c => c.Rows > 0).Select(c => (o.Datastore, c))).ToList();
        if (changed.Count == 0)
        {
            md.AppendLine(T("answer.nothing_erased", language));
        }

        foreach (var (datastore, change) in changed)
        {
            var action = Texts.Has(TextId.AnswerAction(change.Action)) ? T(TextId.AnswerAction(change.Action), language)
                : change.Action.StartsWith("mention ", StringComparison.Ordinal) ? T("answer.action.mention", language) : change.Action;
            md.Append("- ").Append(NoticeRenderer.Escape(SystemName(manifest, datastore, language))).Append(" – ").Append(NoticeRenderer.Escape(change.Collection)).Append(": ")
                .Append(Rows(change.Rows, language)).Append(' ').AppendLine(action);
        }

        md.AppendLine().Append("## ").AppendLine(T("answer.kept", language)).AppendLine();
        var kept = outcomes.SelectMany(o => o.Kept.Select(k => (o.Datastore, k))).OrderBy(k => k.k.Until ?? DateOnly.MaxValue).ThenBy(k => k.k.Collection, StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
        {
            md.AppendLine(T("answer.nothing_kept", language));
        }

        foreach (var (datastore, k) in kept)
        {
            var where = $"{SystemName(manifest, datastore, language)} – {Lethe.Execution.KeptReasons.SayCollection(k, language)}";
            if (Lethe.Execution.KeptReasons.IsLegalHold(k))
            {
                // A hold's reason is the company's own note ("dispute with customer K10004") and may name other people or
                // the company's legal strategy: the person is told the ground (Art. 17(3)(e)), never the note. The erasure
                // waited, so no rows were counted.
                var ground = T("answer.kept_legal_hold", language);
                md.Append("- ").AppendLine(NoticeRenderer.Escape(k.Until is { } heldUntil
                    ? string.Format(CultureInfo.InvariantCulture, T("answer.kept_held_until", language), where, Date(heldUntil, language), ground)
                    : string.Format(CultureInfo.InvariantCulture, T("answer.kept_held_open", language), where, ground)));
                continue;
            }

            // A rule is named by its legal reference where it has one; any other reason is said in the person's language.
            var why = (k.LegalReference ?? k.Rule) is { } basis
                ? string.Format(CultureInfo.InvariantCulture, T("answer.kept_rule", language), basis)
                : Lethe.Execution.KeptReasons.Say(k, language).TrimEnd('.');
            md.Append("- ").AppendLine(NoticeRenderer.Escape(k.Until is { } until
                ? string.Format(CultureInfo.InvariantCulture, T("answer.kept_until", language), Rows(k.Rows, language), where, Date(until, language), why)
                : string.Format(CultureInfo.InvariantCulture, T("answer.kept_open", language), Rows(k.Rows, language), where, why)));
            if (k.ErasedFields.Count > 0 && k.KeptFields.Count > 0)
            {
                md.Append("  ").AppendLine(NoticeRenderer.Escape(string.Format(CultureInfo.InvariantCulture, T("answer.kept_fields", language),
                    string.Join(", ", k.ErasedFields), string.Join(", ", k.KeptFields))));
            }
        }

        md.AppendLine();
        Notes(md, notes, language);
        return md.ToString();
    }

    /// <summary>
    /// The report of a correction: which kinds of data were corrected and where, or that it was done by hand. The values
    /// are the person's own words confirmed by the agent and are not repeated.
    /// </summary>
    public static string Rectification(
        Manifest manifest, DataRequest request, IReadOnlyList<ErasureOutcome> outcomes, IReadOnlyList<string> notes, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var language = request.Language;
        var md = Header(manifest, request, generatedAt, country);
        md.Append("## ").AppendLine(T("answer.corrected", language)).AppendLine();
        if (request.Correction?.ByHand is not null)
        {
            md.AppendLine(T("answer.corrected_by_hand", language)).AppendLine();
            Notes(md, notes, language);
            return md.ToString();
        }

        var names = Taxonomy.BuiltIn.Concat(manifest.DataCategories).ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
        var asked = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(request.ChangesJson ?? "{}") ?? [];
        var categories = asked.Keys.Order(StringComparer.Ordinal).Select(c => names.TryGetValue(c, out var n) ? n.In(language) ?? c : c);
        md.AppendLine(NoticeRenderer.Escape(string.Format(CultureInfo.InvariantCulture, T("answer.corrected_categories", language), string.Join(", ", categories))))
            .AppendLine();
        if (ChangedRows(md, manifest, outcomes, T("answer.action.rectify", language), language) == 0)
        {
            md.AppendLine(T("answer.nothing_corrected", language));
        }

        md.AppendLine();
        Notes(md, notes, language);
        return md.ToString();
    }

    /// <summary>
    /// The report of a restriction (Art. 18): where the person's rows are now marked restricted, what that means for
    /// them, and that they are told before it is lifted (Art. 18(3)); with what the agents and processors wrote to them.
    /// </summary>
    public static string Restriction(
        Manifest manifest, DataRequest request, IReadOnlyList<ErasureOutcome> outcomes, IReadOnlyList<string> notes, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var language = request.Language;
        var md = Header(manifest, request, generatedAt, country);
        md.Append("## ").AppendLine(T("answer.restricted", language)).AppendLine();
        var restricted = ChangedRows(md, manifest, outcomes, T("answer.action.restrict", language), language);
        md.AppendLine().AppendLine(restricted == 0 ? T("answer.nothing_restricted", language) : T("answer.restricted_means", language)).AppendLine();
        Notes(md, notes, language);
        return md.ToString();
    }

    /// <summary>The report of an objection or withdrawal: the person is on the suppression list.</summary>
    public static string Suppressed(Manifest manifest, DataRequest request, DateTimeOffset generatedAt, Tenancy.Country country) =>
        Header(manifest, request, generatedAt, country).AppendLine(T("answer.suppressed", request.Language)).AppendLine().ToString();

    /// <summary>Markdown as a standalone, printable HTML page; text from the data map is escaped, never markup.</summary>
    public static string Html(string markdown, string language, string title) =>
        $"<!doctype html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>"
        + "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head><body>\n"
        + Body(markdown) + "</body></html>\n";

    /// <summary>The body of <see cref="Html"/>: the report as HTML, raw HTML in the Markdown disabled (shown as text).</summary>
    public static string Body(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    public static string Title(DataRequest request) => request.Type switch
    {
        RequestType.Access => T("answer.title.access", request.Language),
        RequestType.Portability => T("answer.title.portability", request.Language),
        RequestType.Erasure => T("answer.title.erasure", request.Language),
        RequestType.Rectification => T("answer.title.rectification", request.Language),
        RequestType.Restriction => T("answer.title.restriction", request.Language),
        _ => T("answer.title.other", request.Language),
    };

    private static StringBuilder Header(Manifest manifest, DataRequest request, DateTimeOffset generatedAt, Tenancy.Country country)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Title(request)).AppendLine();
        var received = Deadline.ReceivedOn(new DateTimeOffset(request.CreatedAt, TimeSpan.Zero), country);
        var made = Deadline.ReceivedOn(generatedAt, country);
        md.AppendLine(NoticeRenderer.Escape(string.Format(CultureInfo.InvariantCulture, T("answer.intro", request.Language),
            manifest.Organization.Name, Date(received, request.Language), Date(made, request.Language)))).AppendLine();
        return md;
    }

    private static string Rows(int rows, string language) =>
        rows == 1 ? T("answer.row", language) : string.Format(CultureInfo.InvariantCulture, T("answer.rows", language), rows);

    /// <summary>A line per collection where rows changed (<paramref name="action"/>: "corrected"), by system; how many lines.</summary>
    private static int ChangedRows(StringBuilder md, Manifest manifest, IReadOnlyList<ErasureOutcome> outcomes, string action, string language)
    {
        var changed = outcomes.SelectMany(o => o.Changed.Where(c => c.Rows > 0).Select(c => (o.Datastore, c))).ToList();
        foreach (var (datastore, change) in changed)
        {
            md.Append("- ").Append(NoticeRenderer.Escape(SystemName(manifest, datastore, language))).Append(" – ").Append(NoticeRenderer.Escape(change.Collection)).Append(": ")
                .Append(Rows(change.Rows, language)).Append(' ').AppendLine(action);
        }

        return changed.Count;
    }

    private static void Notes(StringBuilder md, IReadOnlyList<string> notes, string language)
    {
        if (notes.Count == 0)
        {
            return;
        }

        md.Append("## ").AppendLine(T("answer.notes", language)).AppendLine();
        foreach (var note in notes)
        {
            md.Append("- ").AppendLine(NoticeRenderer.Escape(note));
        }

        md.AppendLine();
    }

    /// <summary>The system's name in the person's language, as the data map gives it (falling back to the tenant's own language).</summary>
    public static string SystemName(Manifest manifest, string datastore, string language) =>
        !DatastoreRef.TryParse(datastore, out var name) ? datastore
        : manifest.Systems.FirstOrDefault(s => s.Key == name.System) is { } system ? manifest.Say(system.Name, language) : name.System;

    private static string Date(DateOnly date, string language) => RequestLanguage.LongDate(date, language);
}
