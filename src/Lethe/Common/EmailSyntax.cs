namespace Lethe.Common;

/// <summary>
/// Whether what a person typed can be an e-mail address someone can be written to: one <c>@</c>, a local part without
/// spaces or stray dots, and a domain of at least two valid labels whose last is no number. <c>MailAddress</c> alone
/// takes <c>a@b</c>, display names and quoted spaces, none of which a confirmation mail reaches, and a person who typed
/// one is better told at once than left waiting for a mail that never comes.
/// </summary>
public static class EmailSyntax
{
    /// <summary>RFC 5321 § 4.5.3.1: 64 characters for the local part, 254 for the whole address in a path.</summary>
    public const int MaxLocal = 64;

    public const int MaxLength = 254;

    private const int MaxLabel = 63;

    // atext of RFC 5322 § 3.2.3, besides letters and digits (which may be any script's: RFC 6531 addresses).
    private const string LocalSymbols = "!#$%&'*+/=?^_`{|}~-";

    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var address = value.Trim();
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (address.Length is 0 or > MaxLength || at <= 0 || at != address.LastIndexOf('@'))
        {
            return false;
        }

        return IsLocal(address[..at]) && IsDomain(address[(at + 1)..]);
    }

    private static bool IsLocal(string local) =>
        local.Length <= MaxLocal && DotSeparated(local, part => part.Length > 0 && part.All(c => char.IsLetterOrDigit(c) || LocalSymbols.Contains(c, StringComparison.Ordinal)));

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(IsLabel)
            // A top-level domain is never a number: "a@1.2" is an IP address written wrong, not a mail domain.
            && labels[^1].Length >= 2 && !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= MaxLabel && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsLetterOrDigit(c) || c == '-');

    private static bool DotSeparated(string text, Func<string, bool> part) => text.Split('.').All(part);
}
