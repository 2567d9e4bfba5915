using System.Text.Json.Serialization;

namespace Lethe.Scanning;

/// <summary>The kinds of personal data Lethe looks for in text the data map does not describe as holding them.</summary>
/// <remarks>Numbered from 1, so an unset value is never mistaken for a kind; stored and sent by the wire names.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<DetectorKind>))]
public enum DetectorKind
{
    /// <summary>A Danish personal identity number (CPR).</summary>
    [JsonStringEnumMemberName("cpr")] Cpr = 1,

    /// <summary>A Norwegian national identity number (fødselsnummer) or D-number.</summary>
    [JsonStringEnumMemberName("fodselsnummer")] Fodselsnummer,

    /// <summary>A payment card number (PAN).</summary>
    [JsonStringEnumMemberName("payment_card")] PaymentCard,

    [JsonStringEnumMemberName("iban")] Iban,

    [JsonStringEnumMemberName("email")] Email,

    /// <summary>A Danish or Norwegian phone number.</summary>
    [JsonStringEnumMemberName("phone")] Phone,

    [JsonStringEnumMemberName("ip_address")] IpAddress,
}
