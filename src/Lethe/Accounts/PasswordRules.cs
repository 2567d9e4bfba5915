namespace Lethe.Accounts;

/// <summary>
/// The codes of ASP.NET Core Identity's password errors that Lethe says in the reader's language (the catalogue's
/// <c>password.rule.*</c>, <see cref="Localization.TextId.PasswordRule"/>); Identity's own descriptions are English.
/// </summary>
public static class PasswordRules
{
    public static IReadOnlyList<string> Codes { get; } =
    [
        "PasswordMismatch", "PasswordTooShort", "PasswordRequiresNonAlphanumeric", "PasswordRequiresDigit",
        "PasswordRequiresLower", "PasswordRequiresUpper", "PasswordRequiresUniqueChars",
    ];
}
