namespace Lethe.Requests;

/// <summary>The rights a request exercises (GDPR Art. 15–20), as stored and as the API names them.</summary>
public static class RequestType
{
    public const string Access = "access";
    public const string Erasure = "erasure";
    public const string Rectification = "rectification";
    public const string Restriction = "restriction";
    public const string Portability = "portability";

    /// <summary>Art. 21: objection to processing; to direct marketing it is absolute and puts the person on the suppression list.</summary>
    public const string Objection = "objection";

    /// <summary>Art. 7(3): consent withdrawn; marketing consent withdrawn also puts the person on the suppression list.</summary>
    public const string WithdrawConsent = "withdraw_consent";

    public static readonly string[] All = [Access, Erasure, Rectification, Restriction, Portability, Objection, WithdrawConsent];

    /// <summary>Types carried out in the datastores of the data map; the others are carried out in Lethe itself.</summary>
    public static bool RunsInDatastores(string type) => type is not (Objection or WithdrawConsent);

    /// <summary>Types that change the company's data; the others only read it.</summary>
    public static bool Changes(string type) => type is Erasure or Rectification or Restriction;
}
