using System.Text.Json.Serialization;

namespace Lethe.Breaches;

/// <summary>How the people were told of a high-risk breach (Art. 34): a letter each, or a public notice where letters would take disproportionate effort (34(3)(c)).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreachCommunicationKind>))]
public enum BreachCommunicationKind
{
    [JsonStringEnumMemberName("letters")] Letters = 1,
    [JsonStringEnumMemberName("public_notice")] PublicNotice,
}

/// <summary>
/// The people of a high-risk breach were told (Art. 34): how many letters went out through the outbox and in which
/// languages, how many people the data map finds with no address, or the public notice with its reason and where it was
/// published. Holds counts and the words used, never an address: those stay in the datastores and, until sent, the outbox.
/// </summary>
public sealed class BreachCommunication : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid BreachId { get; init; }

    public BreachCommunicationKind Kind { get; init; }

    /// <summary>For letters: the plain description of what happened the letters gave (Art. 34(2)).</summary>
    public string? Description { get; init; }

    /// <summary>For letters: how many were queued, one per person (address).</summary>
    public int? Letters { get; init; }

    /// <summary>For letters: languages and their letters, e.g. <c>da=12 en=1 nb=3</c>.</summary>
    public string? Languages { get; init; }

    /// <summary>For letters: people the data map finds affected but holds no usable e-mail address for.</summary>
    public long? WithoutAddress { get; init; }

    /// <summary>For a public notice: why letters would take disproportionate effort (Art. 34(3)(c)).</summary>
    public string? Reason { get; init; }

    /// <summary>For a public notice: where it was published (a web address, a newspaper).</summary>
    public string? PublishedWhere { get; init; }

    /// <summary>For a public notice: when it was published.</summary>
    public DateTime? PublishedAt { get; init; }

    public DateTime MadeAt { get; init; }

    public string? MadeBy { get; init; }
}

/// <summary>
/// A reminder of the 72-hour clock sent to the tenant's privacy officers: one row per breach and reminder (24, 48 or 66
/// hours), unique, so two servers or two worker rounds never send the same reminder twice.
/// </summary>
public sealed class BreachReminder : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid BreachId { get; init; }

    /// <summary>Hours after awareness: 24, 48 or 66.</summary>
    public int Hours { get; init; }

    /// <summary>How many officers were mailed.</summary>
    public int Recipients { get; init; }

    public DateTime SentAt { get; init; }
}
