using System.Globalization;
using Lethe.Localization;

namespace Lethe.Web.Localization;

/// <summary>
/// A failure's message as a page shows it, in the reader's language. Core's failures carry English (the API's
/// language); a message made from an <c>error.*</c> text of the catalogue is said again in translation with the same
/// values, and anything else is shown as it is.
/// </summary>
public static class FailureTexts
{
    // Placeholders whose values are wire names in the English (a request's status as running text, "awaiting
    // verification"; a step's status; a role; a breach's status and risk): said by their own labels, lower-cased
    // inside a sentence except a role's, which is a title.
    private static readonly (string Name, Func<string, string> Id, bool Lower)[] Labelled =
    [
        ("status", v => TextId.RequestStatus(v.Replace(' ', '_')), true),
        ("next", v => TextId.RequestStatus(v.Replace(' ', '_')), true),
        ("step", v => TextId.StepStatus(v), true),
        ("role", v => TextId.Role(v), false),
        ("breach_status", v => TextId.BreachStatus(v), true),
        ("risk", v => TextId.BreachRisk(v), true),
        // The kind of thing not found, a noun the catalogue keeps as it stands in running text ("API-nøgle").
        ("what", v => TextId.NotFoundKind(v), false),
    ];

    /// <summary>
    /// A datastore's problem as a step, a run or the retention page shows it: one message, or several joined by "; " (the
    /// columns a rule's table lacks), each said in the reader's language where the catalogue has it. What came from the
    /// datastore itself (its engine's own error) stays as the engine said it.
    /// </summary>
    public static string SayProblem(string message, string language)
    {
        // Several joined can look like one whose value swallowed the rest ("the table {table} is …" with table = "a is …;
        // the column b", or "'{part}' is not …" with part = "a' is not … in force. 'b"): a match counts whole only when no
        // value but a problem list holds a joint.
        var error = Texts.ErrorMatch(message);
        if (error is { } whole && !whole.Values.Any(v => v.Key != "problem" && (v.Value.Contains("; ", StringComparison.Ordinal) || v.Value.Contains(". ", StringComparison.Ordinal))))
        {
            return SayFound(whole, language, label: null);
        }

        if (message.Contains("; ", StringComparison.Ordinal))
        {
            return string.Join("; ", message.Split("; ").Select(part => Say(part, language)));
        }

        if (Sentences(message) is { } sentences)
        {
            return string.Join(" ", sentences.Select(s => SayFound(s, language, label: null)));
        }

        // A value may hold ". " of its own (an engine's error quoted whole).
        return error is { } found ? SayFound(found, language, label: null) : message;
    }

    /// <summary>
    /// Sentences joined by a space (one per part a breach named that the data map no longer has), each found back as a
    /// catalogue error; null unless there are two or more and every one is found.
    /// </summary>
    private static List<(string Id, IReadOnlyDictionary<string, string> Values)>? Sentences(string message)
    {
        var found = new List<(string Id, IReadOnlyDictionary<string, string> Values)>();
        var start = 0;
        // The shortest run of text up to a ". " that is a whole error is one sentence; "(e.g. x)." is not cut, as
        // "… (e.g." is no error.
        for (var end = message.IndexOf(". ", StringComparison.Ordinal); start < message.Length; end = end < 0 ? -1 : message.IndexOf(". ", end + 2, StringComparison.Ordinal))
        {
            var stop = end < 0 ? message.Length : end + 1;
            if (Texts.ErrorMatch(message[start..stop]) is { } sentence)
            {
                found.Add(sentence);
                start = stop + 1;
            }
            else if (end < 0)
            {
                return null;
            }
        }

        return found.Count > 1 ? found : null;
    }

    /// <param name="label">The form's label for the field the message is about, when the page has one.</param>
    public static string Say(string message, string language, string? label = null) =>
        Texts.ErrorMatch(message) is { } error ? SayFound(error, language, label) : message;

    /// <summary>The error.* text <paramref name="error"/> was found back as, said in <paramref name="language"/> with its values.</summary>
    private static string SayFound((string Id, IReadOnlyDictionary<string, string> Values) error, string language, string? label)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var values = new Dictionary<string, string>(error.Values, StringComparer.Ordinal);
        if (label is not null && values.ContainsKey("field"))
        {
            values["field"] = label;
        }

        // A datastore's problem names what does not match in a list of its own (error.datastore.not_matching).
        if (values.TryGetValue("problem", out var problem))
        {
            values["problem"] = SayProblem(problem, language);
        }

        foreach (var (name, id, lower) in Labelled)
        {
            if (values.TryGetValue(name, out var value) && Texts.Find(id(value), language) is { } word)
            {
                values[name] = lower ? word.ToLower(culture) : word;
            }
        }

        var text = Texts.Fill(Texts.Get(error.Id, language), values);
        // A rule said of a field without naming it ("must be between 1 and 500 characters") follows the field's label,
        // or, with none, starts as a sentence does.
        return !error.Values.ContainsKey("field") && (error.Id.StartsWith("error.field.", StringComparison.Ordinal) || error.Id.StartsWith("error.guard.", StringComparison.Ordinal))
            ? label is not null ? $"{label}: {text}" : char.ToUpper(text[0], culture) + text[1..]
            : text;
    }
}
