using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.RiskAssessments;

/// <summary>Input for a risk assessment, as the API, the console and the CLI take it.</summary>
public sealed record RiskInput(int? Likelihood, int? Impact, int? ResidualLikelihood, int? ResidualImpact, string? Reasons, string? OtherMeasures);

/// <summary>A system of the data map in force with its latest assessment and what suggests a DPIA.</summary>
public sealed record SystemRisk(string System, string Name, RiskAssessment? Latest, IReadOnlyList<DpiaReason> Dpia);

/// <summary>Risk assessments per system: the overview, each system's history, and a new assessment — audited.</summary>
public sealed class RiskCommands(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time)
{
    public const int TextLimit = 4000;

    /// <summary>Every system of the data map in force; empty without one.</summary>
    public async Task<IReadOnlyList<SystemRisk>> OverviewAsync(Tenant tenant, string language, CancellationToken ct)
    {
        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest)
        {
            return [];
        }

        var all = await db.RiskAssessments.AsNoTracking().ToListAsync(ct);
        var latest = all.GroupBy(a => a.System, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(a => a.AssessedAt)!, StringComparer.Ordinal);
        return manifest.Systems.Select(s => new SystemRisk(s.Key, manifest.Say(s.Name, language), latest.GetValueOrDefault(s.Key), DpiaCheck.For(manifest, s))).ToList();
    }

    /// <summary>The system's assessments, newest first; null when the data map in force has no such system and none was ever assessed.</summary>
    public async Task<IReadOnlyList<RiskAssessment>?> HistoryAsync(Tenant tenant, string system, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var history = await db.RiskAssessments.AsNoTracking().Where(a => a.System == system).ToListAsync(ct);
        if (history.Count == 0 && (await dataMap.CurrentManifestAsync(tenant, ct))?.Systems.Any(s => s.Key == system) != true)
        {
            return null;
        }

        return history.OrderByDescending(a => a.AssessedAt).ToList();
    }

    public async Task<Outcome<RiskAssessment>> AssessAsync(Tenant tenant, AuditActor actor, string system, RiskInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var inForce = await dataMap.InForceAsync(tenant, ct);
        if (inForce?.Manifest.Systems.FirstOrDefault(s => s.Key == system) is not { } definition)
        {
            return new NotFound("System", system);
        }

        var errors = new ValidationErrors();
        Scale(errors, "likelihood", input.Likelihood);
        Scale(errors, "impact", input.Impact);
        Scale(errors, "residualLikelihood", input.ResidualLikelihood);
        Scale(errors, "residualImpact", input.ResidualImpact);
        if (input.ResidualLikelihood > input.Likelihood)
        {
            errors.Add("residualLikelihood", Texts.Get("error.risk.residual_likelihood", "en"));
        }

        if (input.ResidualImpact > input.Impact)
        {
            errors.Add("residualImpact", Texts.Get("error.risk.residual_impact", "en"));
        }

        errors.Required("reasons", input.Reasons, TextLimit);
        errors.Optional("otherMeasures", input.OtherMeasures, TextLimit);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var manifest = inForce.Manifest;
        var measures = string.Join('\n', manifest.SecurityMeasures.Select(m => manifest.Say(m, manifest.DefaultLanguage)));
        var assessment = new RiskAssessment
        {
            TenantId = tenant.Id,
            System = system,
            Likelihood = input.Likelihood!.Value,
            Impact = input.Impact!.Value,
            ResidualLikelihood = input.ResidualLikelihood!.Value,
            ResidualImpact = input.ResidualImpact!.Value,
            Measures = measures.Length > TextLimit ? measures[..TextLimit] : measures,
            OtherMeasures = string.IsNullOrWhiteSpace(input.OtherMeasures) ? null : input.OtherMeasures.Trim(),
            Reasons = input.Reasons!.Trim(),
            DpiaSignals = string.Join(' ', DpiaCheck.For(manifest, definition).Select(r => r.Signal.ToWire())),
            DataMapRevision = inForce.Revision.Revision,
            AssessedAt = time.GetUtcNow().UtcDateTime,
            AssessedBy = actor.Name,
        };
        db.RiskAssessments.Add(assessment);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RiskAssessed, tenant.Id, $"system:{system}", new Dictionary<string, string?>
        {
            ["inherent"] = assessment.Inherent.Level.ToWire(),
            ["residual"] = assessment.Residual.Level.ToWire(),
            ["revision"] = assessment.DataMapRevision.ToString(CultureInfo.InvariantCulture),
        }), ct);
        return assessment;
    }

    private static void Scale(ValidationErrors errors, string field, int? value)
    {
        if (value is not { } v || !RiskScore.InRange(v))
        {
            errors.Add(field, Texts.Fill(Texts.Get("error.risk.scale", "en"), new Dictionary<string, string>
            {
                ["field"] = field,
                ["lowest"] = RiskScore.Lowest.ToString(CultureInfo.InvariantCulture),
                ["highest"] = RiskScore.Highest.ToString(CultureInfo.InvariantCulture),
            }));
        }
    }
}
