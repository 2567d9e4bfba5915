using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Requests;

/// <summary>How a request reached the company. Numbered from 1: the column has a database default (<c>api</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestChannel>))]
public enum RequestChannel
{
    [JsonStringEnumMemberName("privacy_centre")] PrivacyCentre = 1,
    [JsonStringEnumMemberName("api")] Api,
    [JsonStringEnumMemberName("letter")] Letter,
    [JsonStringEnumMemberName("phone")] Phone,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("in_person")] InPerson,

    /// <summary>Forwarded by the controller the company processes for, through the API with the tenant's key.</summary>
    [JsonStringEnumMemberName("controller")] Controller,
}

/// <summary>The channels there are, and those an agent registers by hand.</summary>
public static class RequestChannels
{
    extension(RequestChannel)
    {
        public static IReadOnlyList<RequestChannel> All => WireNames.All<RequestChannel>();

        /// <summary>The channels an agent registers a request from by hand.</summary>
        public static IReadOnlyList<RequestChannel> Agent => [RequestChannel.Letter, RequestChannel.Phone, RequestChannel.Email, RequestChannel.InPerson];
    }
}
