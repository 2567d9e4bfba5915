using System.Text.Json.Serialization;

namespace Lethe.Execution;

/// <summary>
/// One identity a person claims: a type from the manifest vocabulary (email, phone, extension, …) and its value.
/// <paramref name="Unverified"/> marks one the person gave that nothing has checked yet (the privacy centre's link
/// proves only the e-mail address): it is kept and shown, but no datastore is searched by it until an agent records
/// how it was checked, so a stranger's phone number typed beside one's own address finds nobody.
/// </summary>
public sealed record Identity(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("unverified"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Unverified = false)
{
    /// <summary>Parses <c>type=value</c>, as the CLI takes it.</summary>
    public static Identity? Parse(string text)
    {
        var cut = text.IndexOf('=', StringComparison.Ordinal);
        return cut <= 0 || cut == text.Length - 1 ? null : new Identity(text[..cut].Trim(), text[(cut + 1)..]);
    }

    /// <summary>The identities a request may search by: those checked, by the link or by an agent.</summary>
    public static List<Identity> Searchable(IEnumerable<Identity> identities) => identities.Where(i => !i.Unverified).ToList();
}
