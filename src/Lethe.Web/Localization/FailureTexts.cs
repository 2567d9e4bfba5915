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
    // Placeholders whose values are a request's status as running text ("awaiting verification"): said by the status's own label.
    // (Named so in the error.* texts: {status} and {next} for a request, {step} for a step, {role} for a role,
    // {breach_status} and {risk} for a breach.)
    private static readonly string[] StatusPlaceholders = ["status", "next"];

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

        foreach (var name in StatusPlaceholders)
        {
            if (values.TryGetValue(name, out var status) && Texts.Find(TextId.RequestStatus(status.Replace(' ', '_')), language) is { } word)
            {
                values[name] = word.ToLower(culture);
            }
        }

        // A step's status and a role are wire names in the English: said by their labels too.
        if (values.TryGetValue("step", out var step) && Texts.Find(TextId.StepStatus(step), language) is { } stepWord)
        {
            values["step"] = stepWord.ToLower(culture);
        }

        if (values.TryGetValue("role", out var role) && Texts.Find(TextId.Role(role), language) is { } roleWord)
        {
            values["role"] = roleWord;
        }

        if (values.TryGetValue("breach_status", out var breach) && Texts.Find(TextId.BreachStatus(breach), language) is { } breachWord)
        {
            values["breach_status"] = breachWord.ToLower(culture);
        }

        if (values.TryGetValue("risk", out var risk) && Texts.Find(TextId.BreachRisk(risk), language) is { } riskWord)
        {
            values["risk"] = riskWord.ToLower(culture);
        }

        var text = Texts.Fill(Texts.Get(error.Id, language), values);
        // A rule said of a field without naming it ("must be between 1 and 500 characters") follows the field's label,
        // or, with none, starts as a sentence does.
        return !error.Values.ContainsKey("field") && (error.Id.StartsWith("error.field.", StringComparison.Ordinal) || error.Id.StartsWith("error.guard.", StringComparison.Ordinal))
            ? label is not null ? $"{label}: {text}" : char.ToUpper(text[0], culture) + text[1..]
            : text;
    }
}
