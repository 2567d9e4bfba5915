using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Requests;

/// <summary>The rights a request exercises (GDPR Art. 15–21, 7(3)), stored and named in the API by their wire names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestType>))]
public enum RequestType
{
    [JsonStringEnumMemberName("access")] Access = 1,
    [JsonStringEnumMemberName("erasure")] Erasure,
    [JsonStringEnumMemberName("rectification")] Rectification,
    [JsonStringEnumMemberName("restriction")] Restriction,
    [JsonStringEnumMemberName("portability")] Portability,

    /// <summary>Art. 21: objection to processing; to direct marketing it is absolute and puts the person on the suppression list.</summary>
    [JsonStringEnumMemberName("objection")] Objection,

    /// <summary>Art. 7(3): consent withdrawn; marketing consent withdrawn also puts the person on the suppression list.</summary>
    [JsonStringEnumMemberName("withdraw_consent")] WithdrawConsent,
}

/// <summary>What each right asks of the datastores.</summary>
public static class RequestTypeRules
{
    extension(RequestType)
    {
        public static IReadOnlyList<RequestType> All => WireNames.All<RequestType>();

        /// <summary>Types carried out in the datastores of the data map; the others are carried out in Lethe itself.</summary>
        public static bool RunsInDatastores(RequestType type) => type is not (RequestType.Objection or RequestType.WithdrawConsent);

        /// <summary>Types that change the company's data; the others only read it.</summary>
        public static bool Changes(RequestType type) => type is RequestType.Erasure or RequestType.Rectification or RequestType.Restriction;
    }
}
