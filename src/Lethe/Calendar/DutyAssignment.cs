namespace Lethe.Calendar;

/// <summary>
/// A duty given to one person by hand: the officer says who does the ERP's risk assessment or the next review, in place
/// of the owner the calendar would name (the privacy officers, or whoever did it last).
/// </summary>
public sealed class DutyAssignment : Storage.ITenantOwned
{
    public Guid TenantId { get; init; }

    /// <summary>The duty's <see cref="Duty.Id"/>: <c>risk-assessment:erp</c>, <c>half-yearly-review</c>.</summary>
    public required string DutyId { get; init; }

    /// <summary>The owner's sign-in e-mail, lower case; a member of the tenant who may do the duty when it was given.</summary>
    public required string Owner { get; set; }

    public DateTime AssignedAt { get; set; }
}
