namespace Lethe.Requests;

/// <summary>The rights a request exercises (GDPR Art. 15–20), as stored and as the API names them.</summary>
public static class RequestType
{
    public const string Access = "access";
    public const string Erasure = "erasure";
    public const string Rectification = "rectification";
    public const string Restriction = "restriction";
    public const string Portability = "portability";

    public static readonly string[] All = [Access, Erasure, Rectification, Restriction, Portability];

    /// <summary>Types that change the company's data; the others only read it.</summary>
    public static bool Changes(string type) => type is Erasure or Rectification or Restriction;
}
