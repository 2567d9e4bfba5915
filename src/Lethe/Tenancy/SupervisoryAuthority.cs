namespace Lethe.Tenancy;

/// <summary>A data protection authority a person can complain to (GDPR Art. 77).</summary>
public sealed record SupervisoryAuthority(string Name, string Address, string Email, string Website)
{
    public static readonly SupervisoryAuthority Denmark =
        new("Datatilsynet", "Carl Jacobsens Vej 35, 2500 Valby, Danmark", "dt@datatilsynet.dk", "https://www.datatilsynet.dk");

    public static readonly SupervisoryAuthority Norway =
        new("Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo, Norge", "postkasse@datatilsynet.no", "https://www.datatilsynet.no");

    /// <summary>The authority a tenant of <paramref name="country"/> answers to unless it names another.</summary>
    public static SupervisoryAuthority? DefaultFor(Country country) => country switch
    {
        Country.DK => Denmark,
        Country.NO => Norway,
        _ => null,
    };
}
