using System.Security.Cryptography;

namespace Lethe.Accounts;

/// <summary>One-time passwords Lethe hands out; they satisfy Identity's default rules and are changed at first sign-in.</summary>
public static class GeneratedPassword
{
    // No look-alikes (0/O, 1/l/I) so a password read aloud or from a terminal is typed right first time.
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!";

    public static string Create()
    {
        var chars = new char[20];
        const string all = Lower + Upper + Digits + Symbols;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        // Guarantee one of each class at random positions.
        var positions = Enumerable.Range(0, chars.Length).ToArray();
        RandomNumberGenerator.Shuffle(positions.AsSpan());
        chars[positions[0]] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[positions[1]] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[positions[2]] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[positions[3]] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        return new string(chars);
    }
}
