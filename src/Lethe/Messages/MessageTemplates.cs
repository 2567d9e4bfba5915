using Lethe.Localization;

namespace Lethe.Messages;

/// <summary>
/// The e-mails Lethe sends (about a request, a newsletter, a paused sign-in), in Danish, Norwegian (bokmål) and English,
/// with their words in the catalogue (<see cref="Texts"/>). Placeholders in braces are
/// filled by <see cref="Render"/>; a placeholder without a value is a bug and throws rather than sending "{link}".
/// </summary>
public static class MessageTemplates
{
    public const string Verification = "verification";
    public const string Received = "received";
    public const string Extended = "extended";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public const string Reminder = "reminder";
    public const string NewsletterConfirm = "newsletter_confirm";
    public const string PreferencesLink = "preferences_link";
    public const string SignInPaused = "sign_in_paused";
    public const string BreachLetter = "breach_letter";
    public const string BreachReminder = "breach_reminder";

    /// <summary>Every template; each has a subject and a body in the catalogue (<c>mail.{name}.subject</c>, <c>mail.{name}.body</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [Verification, Received, Extended, Completed, Rejected, NewsletterConfirm, PreferencesLink, SignInPaused, Reminder, BreachLetter, BreachReminder];

    /// <summary>The right a request exercises, in words of the language.</summary>
    public static string TypeName(string type, string language) => Texts.Find(TextId.RequestRight(type), language) ?? type;

    /// <summary>Several rights in words, e.g. "indsigt og sletning", "access, erasure and objection".</summary>
    public static string TypeList(IReadOnlyList<string> types, string language)
    {
        var names = types.Select(t => TypeName(t, language)).ToList();
        var and = " " + Texts.Get("list.and", language) + " ";
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + and + names[^1];
    }

    public static (string Subject, string Body) Render(string template, string language, IReadOnlyDictionary<string, string> values)
    {
        if (!Names.Contains(template) || !Texts.Languages.Contains(language))
        {
            throw new ArgumentException($"No template '{template}' in '{language}'.", nameof(template));
        }

        return (Fill(Texts.Get(TextId.MailSubject(template), language), values), Fill(Texts.Get(TextId.MailBody(template), language), values));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\\{([a-z_]+)\\}", m =>
            values.TryGetValue(m.Groups[1].Value, out var value) ? value : throw new KeyNotFoundException($"The placeholder {{{m.Groups[1].Value}}} has no value."));
}
