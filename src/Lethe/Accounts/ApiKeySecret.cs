using System.Security.Cryptography;

namespace Lethe.Accounts;

/// <summary>Makes API key secrets: <c>lethe_</c> followed by 32 random bytes in base64url (stored as <see cref="Common.TokenHash"/>).</summary>
public static class ApiKeySecret
{
    public const string Prefix = "lethe_";

    public static string Create() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeSecret(string value) => value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length is > 20 and < 200;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
