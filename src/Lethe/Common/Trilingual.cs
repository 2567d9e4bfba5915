namespace Lethe.Common;

/// <summary>A fixed text in Lethe's three languages; anything but Danish and Norwegian gets English.</summary>
public readonly record struct Trilingual(string En, string Da, string Nb)
{
    public string In(string language) => language switch
    {
        "da" => Da,
        "nb" => Nb,
        _ => En,
    };
}
