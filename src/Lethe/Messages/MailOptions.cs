namespace Lethe.Messages;

/// <summary>
/// How e-mail leaves Lethe (<c>Lethe:Mail</c>): over SMTP when a host is set, otherwise written as <c>.eml</c> files
/// under the data directory's <c>outbox/</c>, so a demo needs no mail server and every message can be read.
/// </summary>
public sealed class MailOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Mail";

    public string From { get; set; } = "Lethe <no-reply@lethe.invalid>";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>STARTTLS on the submission port; implicit TLS when the port is 465.</summary>
    public bool SmtpStartTls { get; set; } = true;

    public string? SmtpUser { get; set; }

    /// <summary>From configuration or the environment only; never logged.</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>Attempts before a message is given up on (with exponential backoff between them).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a worker holds a message it is sending before another server may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Problems()
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return $"{Section}:From '{From}' is not an e-mail address; write e.g. \"Lethe <privacy@example.com>\".";
        }

        if (SmtpPort is < 1 or > 65535)
        {
            yield return $"{Section}:SmtpPort must be a port between 1 and 65535, not {SmtpPort}.";
        }

        if (!string.IsNullOrEmpty(SmtpUser) && string.IsNullOrEmpty(SmtpPassword))
        {
            yield return $"{Section}:SmtpUser is set but {Section}:SmtpPassword is not; set both, or neither for a server without sign-in.";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return $"{Section}:MaxAttempts must be between 1 and 100, not {MaxAttempts}.";
        }

        if (Lease < TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:Lease must be at least 10 seconds, not {Lease}.";
        }
    }
}
