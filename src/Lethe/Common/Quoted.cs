namespace Lethe.Common;

/// <summary>What someone sent, quoted back in an error message: cut short, so a 5,000-character value does not become the message.</summary>
public static class Quoted
{
    public static string Clip(string value, int max = 40) => value.Length > max ? value[..max] + "…" : value;
}
