namespace Lethe.Execution;

/// <summary>One identity a person claims: a type from the manifest vocabulary (email, phone, extension, …) and its value.</summary>
public sealed record Identity(
    [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] string Value)
{
    /// <summary>Parses <c>type=value</c>, as the CLI takes it.</summary>
    public static Identity? Parse(string text)
    {
        var cut = text.IndexOf('=', StringComparison.Ordinal);
        return cut <= 0 || cut == text.Length - 1 ? null : new Identity(text[..cut].Trim(), text[(cut + 1)..]);
    }
}
