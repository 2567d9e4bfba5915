namespace Lethe.Tenancy;

/// <summary>One data controller: the company itself, or a business customer it serves as processor.</summary>
public sealed class Tenant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The short name used in URLs such as <c>/p/{slug}/privacy</c>; never changes once created.</summary>
    public required string Slug { get; init; }

    public required string Name { get; set; }

    public Country Country { get; set; }

    public required string RegistrationNumber { get; set; }

    public required string Address { get; set; }

    public required string ContactEmail { get; set; }

    /// <summary>The authority named in notices and answers; defaults from the country.</summary>
    public required string SupervisoryAuthority { get; set; }

    /// <summary>
    /// A business customer the company serves as processor: its data subject requests wait for the customer's own admin
    /// (the controller) to approve them, since the controller answers the person and the processor assists.
    /// </summary>
    public bool ControllerApproves { get; set; }

    /// <summary>The company's logo on its public pages: an https address only, so the pages stay free of mixed content.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The company's colour on its public pages as <c>#rrggbb</c> (<see cref="Tenancy.AccentColour"/>); null: Lethe's own.</summary>
    public string? AccentColour { get; set; }

    /// <summary>Where request status changes are POSTed, signed (<c>Lethe.Requests.StatusWebhooks</c>); null: nowhere.</summary>
    public string? StatusWebhookUrl { get; set; }

    /// <summary>The webhook's signing secret, encrypted with the data protection keys; shown once when set.</summary>
    public string? StatusWebhookSecret { get; set; }

    /// <summary>The reseller that registered and manages this tenant, if any.</summary>
    public Guid? ResellerId { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The tenant that serves this one as processor (the company, for a business customer): its sub-processors are
    /// this tenant's, it announces changes to them here, and it tells this tenant of its breaches. Set by whoever edits
    /// both tenants (<c>Processors.ServedByCommands</c>); null: none.
    /// </summary>
    public Guid? ServedBy { get; set; }

    /// <summary>
    /// This customer's key in the processor's <c>is: customer</c> collections (its customer number there), so the
    /// processor's breaches are counted for this customer and reach it only when they touched its people; null: not
    /// given, and then every breach on the systems serving customers is told to it uncounted.
    /// </summary>
    public string? CustomerKey { get; set; }

    public const int MaxCustomerKey = 100;
}
