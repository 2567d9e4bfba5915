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
    ];

    /// <param name="label">The form's label for the field the message is about, when the page has one.</param>
    public static string Say(string message, string language, string? label = null)
    {
        if (Texts.ErrorMatch(message) is not { } error)
        {
            return message;
        }

        var culture = CultureInfo.GetCultureInfo(language);
        var values = new Dictionary<string, string>(error.Values, StringComparer.Ordinal);
        if (label is not null && values.ContainsKey("field"))
        {
            values["field"] = label;
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
