namespace Lethe.RiskAssessments;

/// <summary>
/// One risk assessment of one system of the data map (Art. 32): likelihood and impact before the measures, the
/// measures in place as the data map's security section stated them then, the residual risk after them, and the
/// reasons. Never changed: the next assessment is a new row, so the history shows how the judgement moved.
/// </summary>
public sealed class RiskAssessment : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The system's key in the data map.</summary>
    public required string System { get; init; }

    public int Likelihood { get; init; }

    public int Impact { get; init; }

    public int ResidualLikelihood { get; init; }

    public int ResidualImpact { get; init; }

    /// <summary>The data map's security measures when assessed, one a line, in the tenant's language.</summary>
    public required string Measures { get; init; }

    /// <summary>Measures for this system beyond the data map's, in the assessor's words.</summary>
    public string? OtherMeasures { get; init; }

    public required string Reasons { get; init; }

    /// <summary>What suggested a DPIA when assessed (<see cref="DpiaSignal"/> wire names, space-separated); empty when nothing did.</summary>
    public string DpiaSignals { get; init; } = "";

    public int DataMapRevision { get; init; }

    public DateTime AssessedAt { get; init; }

    public string? AssessedBy { get; init; }

    public RiskScore Inherent => new(Likelihood, Impact);

    public RiskScore Residual => new(ResidualLikelihood, ResidualImpact);
}
