namespace Lethe.Messages;

/// <summary>
/// How e-mail leaves Lethe (<c>Lethe:Mail</c>): over SMTP when a host is set, otherwise written as <c>.eml</c> files
/// under the data directory's <c>outbox/</c>, so a demo needs no mail server and every message can be read.
/// </summary>
public sealed class MailOptions
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
}
