using System.Security.Cryptography;
using System.Text;

namespace Lethe.Common;

/// <summary>
/// How Lethe stores a secret it hands out and later looks up (API keys, webhook callback tokens, request tokens, unlock
/// links): SHA-256 of its UTF-8 bytes in lower-case hex. Every such secret carries at least 160 random bits, so a fast
/// unsalted hash is safe and can be looked up by equality; a stolen database yields nothing that works.
/// </summary>
public static class TokenHash
{
    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
