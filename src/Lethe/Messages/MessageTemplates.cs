namespace Lethe.Messages;

/// <summary>
/// The e-mails Lethe sends (about a request, a newsletter, a paused sign-in), in Danish, Norwegian (bokmål) and English. Placeholders in braces are
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

    private static readonly Dictionary<(string Template, string Language), (string Subject, string Body)> Texts = new()
    {
        [(Verification, "da")] = ("Bekræft din henvendelse til {org}",
            "Hej\n\nVi har modtaget en anmodning om {type} fra denne e-mailadresse. Bekræft, at det er dig, ved at åbne linket:\n\n{link}\n\nEller indtast koden på {verify_page}:\n\n{code}\n\nLinket og koden virker én gang og udløber {expires}. Har du ikke bedt om noget, kan du se bort fra denne e-mail.\n\nMed venlig hilsen\n{org}\n"),
        [(Verification, "nb")] = ("Bekreft henvendelsen din til {org}",
            "Hei\n\nVi har mottatt en forespørsel om {type} fra denne e-postadressen. Bekreft at det er deg ved å åpne lenken:\n\n{link}\n\nEller skriv inn koden på {verify_page}:\n\n{code}\n\nLenken og koden virker én gang og utløper {expires}. Har du ikke bedt om noe, kan du se bort fra denne e-posten.\n\nVennlig hilsen\n{org}\n"),
        [(Verification, "en")] = ("Confirm your request to {org}",
            "Hello\n\nWe received a request for {type} from this e-mail address. Confirm that it is you by opening the link:\n\n{link}\n\nOr enter the code at {verify_page}:\n\n{code}\n\nThe link and the code work once and expire {expires}. If you did not ask for anything, you can ignore this e-mail.\n\nKind regards\n{org}\n"),

        [(Received, "da")] = ("Vi har modtaget din anmodning",
            "Hej\n\nTak, din anmodning om {type} er bekræftet og modtaget. Vi svarer senest {due}.\n\nDu kan følge den her:\n{status_link}\n\nMed venlig hilsen\n{org}\n"),
        [(Received, "nb")] = ("Vi har mottatt forespørselen din",
            "Hei\n\nTakk, forespørselen din om {type} er bekreftet og mottatt. Vi svarer senest {due}.\n\nDu kan følge den her:\n{status_link}\n\nVennlig hilsen\n{org}\n"),
        [(Received, "en")] = ("We have received your request",
            "Hello\n\nThank you, your request for {type} is confirmed and received. We will answer by {due}.\n\nYou can follow it here:\n{status_link}\n\nKind regards\n{org}\n"),

        [(Extended, "da")] = ("Vi har brug for mere tid til din anmodning",
            "Hej\n\nVi forlænger fristen for at svare på din anmodning om {type} til {due} (databeskyttelsesforordningens art. 12, stk. 3).\n\nBegrundelse: {reason}\n\nStatus: {status_link}\n\nMed venlig hilsen\n{org}\n"),
        [(Extended, "nb")] = ("Vi trenger mer tid til forespørselen din",
            "Hei\n\nVi forlenger fristen for å svare på forespørselen din om {type} til {due} (personvernforordningen artikkel 12 nr. 3).\n\nBegrunnelse: {reason}\n\nStatus: {status_link}\n\nVennlig hilsen\n{org}\n"),
        [(Extended, "en")] = ("We need more time for your request",
            "Hello\n\nWe are extending the deadline to answer your request for {type} to {due} (GDPR Article 12(3)).\n\nThe reason: {reason}\n\nStatus: {status_link}\n\nKind regards\n{org}\n"),

        [(Completed, "da")] = ("Din anmodning er besvaret",
            "Hej\n\nVi har gennemført din anmodning om {type}. Svaret kan hentes her indtil {expires}:\n\n{status_link}\n\nEr du utilfreds, kan du klage til {authority}.\n\nMed venlig hilsen\n{org}\n"),
        [(Completed, "nb")] = ("Forespørselen din er besvart",
            "Hei\n\nVi har gjennomført forespørselen din om {type}. Svaret kan hentes her til {expires}:\n\n{status_link}\n\nEr du misfornøyd, kan du klage til {authority}.\n\nVennlig hilsen\n{org}\n"),
        [(Completed, "en")] = ("Your request has been answered",
            "Hello\n\nWe have carried out your request for {type}. The answer can be fetched here until {expires}:\n\n{status_link}\n\nIf you are not satisfied, you may complain to {authority}.\n\nKind regards\n{org}\n"),

        [(Rejected, "da")] = ("Svar på din anmodning",
            "Hej\n\nVi kan ikke imødekomme din anmodning om {type}.\n\nBegrundelse: {reason}\n\nDu kan klage til {authority} eller indbringe sagen for domstolene (databeskyttelsesforordningens art. 12, stk. 4).\n\nMed venlig hilsen\n{org}\n"),
        [(Rejected, "nb")] = ("Svar på forespørselen din",
            "Hei\n\nVi kan ikke imøtekomme forespørselen din om {type}.\n\nBegrunnelse: {reason}\n\nDu kan klage til {authority} eller bringe saken inn for domstolene (personvernforordningen artikkel 12 nr. 4).\n\nVennlig hilsen\n{org}\n"),
        [(Rejected, "en")] = ("About your request",
            "Hello\n\nWe cannot grant your request for {type}.\n\nThe reason: {reason}\n\nYou may complain to {authority} or take the matter to court (GDPR Article 12(4)).\n\nKind regards\n{org}\n"),

        [(NewsletterConfirm, "da")] = ("Bekræft dit abonnement på nyhedsbrevet fra {org}",
            "Hej\n\nNogen – forhåbentlig dig – har bedt om at få nyhedsbrevet fra {org} på denne adresse. Bekræft ved at åbne linket:\n\n{link}\n\nLinket udløber {expires}. Gør du intet, sender vi ingenting.\n\nMed venlig hilsen\n{org}\n"),
        [(NewsletterConfirm, "nb")] = ("Bekreft abonnementet ditt på nyhetsbrevet fra {org}",
            "Hei\n\nNoen – forhåpentlig du – har bedt om å få nyhetsbrevet fra {org} på denne adressen. Bekreft ved å åpne lenken:\n\n{link}\n\nLenken utløper {expires}. Gjør du ingenting, sender vi ingenting.\n\nVennlig hilsen\n{org}\n"),
        [(NewsletterConfirm, "en")] = ("Confirm your subscription to the newsletter from {org}",
            "Hello\n\nSomeone – hopefully you – asked for the newsletter from {org} at this address. Confirm by opening the link:\n\n{link}\n\nThe link expires {expires}. If you do nothing, we send nothing.\n\nKind regards\n{org}\n"),

        [(PreferencesLink, "da")] = ("Dine samtykker hos {org}",
            "Hej\n\nHer er linket til at se og ændre dine samtykker hos {org}:\n\n{link}\n\nLinket udløber {expires}.\n\nMed venlig hilsen\n{org}\n"),
        [(PreferencesLink, "nb")] = ("Samtykkene dine hos {org}",
            "Hei\n\nHer er lenken for å se og endre samtykkene dine hos {org}:\n\n{link}\n\nLenken utløper {expires}.\n\nVennlig hilsen\n{org}\n"),
        [(PreferencesLink, "en")] = ("Your consents with {org}",
            "Hello\n\nHere is the link to see and change your consents with {org}:\n\n{link}\n\nThe link expires {expires}.\n\nKind regards\n{org}\n"),

        [(SignInPaused, "da")] = ("Log ind på Lethe er sat på pause",
            "Hej\n\nNogen har tastet en forkert adgangskode til din Lethe-konto flere gange fra ét netværk, så log ind derfra er sat på pause til {until}. Log ind fra alle andre steder virker som før.\n\nVar det dig, kan du ophæve pausen nu:\n\n{link}\n\nLinket virker én gang og udløber {expires}. Var det ikke dig, kan du se bort fra denne e-mail; overvej en længere adgangskode og totrinsbekræftelse.\n\nLethe\n"),
        [(SignInPaused, "nb")] = ("Innlogging i Lethe er satt på pause",
            "Hei\n\nNoen har skrevet feil passord til Lethe-kontoen din flere ganger fra ett nettverk, så innlogging derfra er satt på pause til {until}. Innlogging fra alle andre steder virker som før.\n\nVar det deg, kan du oppheve pausen nå:\n\n{link}\n\nLenken virker én gang og utløper {expires}. Var det ikke deg, kan du se bort fra denne e-posten; vurder et lengre passord og totrinnsbekreftelse.\n\nLethe\n"),
        [(SignInPaused, "en")] = ("Sign-in to Lethe is paused",
            "Hello\n\nSomeone typed a wrong password for your Lethe account several times from one network, so sign-in from there is paused until {until}. Sign-in from anywhere else works as before.\n\nIf it was you, lift the pause now:\n\n{link}\n\nThe link works once and expires {expires}. If it was not you, ignore this e-mail; consider a longer password and two-factor sign-in.\n\nLethe\n"),

        [(Reminder, "da")] = ("Påmindelse: anmodning {id} skal besvares senest {due}",
            "Anmodningen om {type} skal besvares senest {due}.\n\n{console_link}\n"),
        [(Reminder, "nb")] = ("Påminnelse: forespørsel {id} skal besvares innen {due}",
            "Forespørselen om {type} skal besvares innen {due}.\n\n{console_link}\n"),
        [(Reminder, "en")] = ("Reminder: request {id} is due {due}",
            "The request for {type} must be answered by {due}.\n\n{console_link}\n"),
    };

    private static readonly Dictionary<(string Type, string Language), string> TypeNames = new()
    {
        [("access", "da")] = "indsigt", [("access", "nb")] = "innsyn", [("access", "en")] = "access to your data",
        [("erasure", "da")] = "sletning", [("erasure", "nb")] = "sletting", [("erasure", "en")] = "erasure",
        [("rectification", "da")] = "berigtigelse", [("rectification", "nb")] = "retting", [("rectification", "en")] = "rectification",
        [("restriction", "da")] = "begrænsning af behandling", [("restriction", "nb")] = "begrensning av behandling", [("restriction", "en")] = "restriction of processing",
        [("portability", "da")] = "dataportabilitet", [("portability", "nb")] = "dataportabilitet", [("portability", "en")] = "data portability",
        [("objection", "da")] = "indsigelse", [("objection", "nb")] = "innsigelse", [("objection", "en")] = "objection",
        [("withdraw_consent", "da")] = "tilbagetrækning af samtykke", [("withdraw_consent", "nb")] = "tilbaketrekking av samtykke", [("withdraw_consent", "en")] = "withdrawal of consent",
    };

    public static IEnumerable<string> Names => Texts.Keys.Select(k => k.Template).Distinct();

    /// <summary>The right a request exercises, in words of the language.</summary>
    public static string TypeName(string type, string language) => TypeNames.GetValueOrDefault((type, language)) ?? type;

    /// <summary>Several rights in words, e.g. "indsigt og sletning", "access, erasure and objection".</summary>
    public static string TypeList(IReadOnlyList<string> types, string language)
    {
        var names = types.Select(t => TypeName(t, language)).ToList();
        var and = language switch { "da" => " og ", "nb" => " og ", _ => " and " };
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + and + names[^1];
    }

    public static (string Subject, string Body) Render(string template, string language, IReadOnlyDictionary<string, string> values)
    {
        if (!Texts.TryGetValue((template, language), out var text))
        {
            throw new ArgumentException($"No template '{template}' in '{language}'.", nameof(template));
        }

        return (Fill(text.Subject, values), Fill(text.Body, values));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\\{([a-z_]+)\\}", m =>
            values.TryGetValue(m.Groups[1].Value, out var value) ? value : throw new KeyNotFoundException($"The placeholder {{{m.Groups[1].Value}}} has no value."));
}
