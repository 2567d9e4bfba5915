using Lethe.Localization;
using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Retention;

/// <summary>What a person asks of retention: the plan, legal holds, and the runs with their reports.</summary>
public sealed class RetentionCommands(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>Per rule, rows due now, due in the next 30 days, and held — counted in the datastores, nothing changed.</summary>
    public async Task<Outcome<RetentionPlan>> PlanAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (await RetentionScope.LoadAsync(db, dataMap, tenant, today, ct) is not { } retention)
        {
            return new NotFound("Data map", tenant.Slug);
        }

        var rules = new List<RulePlan>();
        var references = await connections.ForTenantAsync(db, tenant.Id, ct);
        foreach (var target in retention.Targets)
        {
            rules.Add(await PlanRuleAsync(references, retention, target, ct));
        }

        return new RetentionPlan(today, rules, retention.NotSwept.Select(n => new RuleNotSwept(n.Rule.Key, n.Reason.In("en")) { Why = n.Reason }).ToList());
    }

    private static async Task<RulePlan> PlanRuleAsync(TenantConnections references, RetentionScope retention, RetentionTarget target, CancellationToken ct)
    {
        var cutoff = retention.Cutoff(target);
        var plan = new RulePlan(target.Key, target.CollectionPath, target.DeletesRows ? "delete" : "anonymize", cutoff, 0, 0, 0, 0, target.Rule.LegalReference);
        try
        {
            var (connection, sql) = await RetentionScope.OpenAsync(references, retention.Manifest, target, retention.Today, ct);
            await using (connection)
            {
                var next = target.Cutoff(retention.Today.AddDays(30), retention.Manifest.Organization.FinancialYearEnd);
                if (retention.WholeHold(target) is { } whole)
                {
                    return plan with
                    {
                        Held = await RetentionBatch.CountAsync(connection, sql.Count(cutoff, null, []), ct),
                        HeldBecause = whole.Reason,
                        HeldWhy = [new Said("retention.held.legal_hold", [whole.Reason])],
                    };
                }

                var held = await retention.HeldKeysAsync(connection, target, ct);
                var why = Because(held.Count > 0, target);
                return plan with
                {
                    DueNow = await RetentionBatch.CountAsync(connection, sql.Count(cutoff, null, held), ct),
                    DueNext30Days = await RetentionBatch.CountAsync(connection, sql.Count(next, cutoff, held), ct),
                    Held = await RetentionBatch.HeldAsync(connection, sql, cutoff, held, ct),
                    Referenced = await RetentionBatch.CountAsync(connection, sql.CountReferenced(cutoff, held), ct),
                    HeldBecause = why.Count > 0 ? string.Join("; ", why.Select(w => w.In("en"))) : null,
                    HeldWhy = why,
                };
            }
        }
        catch (Exception e) when (DatastoreFailure.Is(e))
        {
            return plan with { Problem = DatastoreFailure.Describe(e) };
        }
    }

    private static List<Said> Because(bool people, RetentionTarget target)
    {
        var reasons = new List<Said>();
        if (people)
        {
            reasons.Add(new Said("retention.held.people", []));
        }

        reasons.AddRange(target.HeldBy.Select(c => c.Rule.LegalReference is { } law
            ? new Said("retention.held.referenced_law", [c.Hops[^1].Collection, c.Rule.Key, law])
            : new Said("retention.held.referenced", [c.Hops[^1].Collection, c.Rule.Key])).DistinctBy(s => s.In("en")));
        return reasons;
    }

    /// <summary>Places a legal hold on the whole tenant, one collection (<c>system.datastore.collection</c>) or one person.</summary>
    public async Task<Outcome<RetentionHold>> AddHoldAsync(Tenant tenant, AuditActor actor, HoldInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var errors = new ValidationErrors();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
        {
            errors.Add("reason", "Say why the data must be kept (litigation, an authority's order), in at most 1000 characters.");
        }

        if (input.Until is { } until && until < today)
        {
            errors.Add("until", $"The hold would end before today ({today:yyyy-MM-dd}); give a later date or none.");
        }

        var manifest = await dataMap.CurrentManifestAsync(tenant, ct);
        string? identitiesJson = null;
        switch (input.Scope)
        {
            case HoldScope.Tenant:
                break;
            case HoldScope.Collection:
                var known = manifest?.Systems.SelectMany(s => s.Datastores.SelectMany(d => d.Collections.Select(c => $"{s.Key}.{d.Key}.{c.Name}"))).ToList() ?? [];
                if (input.Collection is null || !known.Contains(input.Collection, StringComparer.Ordinal))
                {
                    errors.Add("collection", $"Name a collection of the data map as system.datastore.collection{(known.Count > 0 ? $", e.g. {known[0]}" : "")}.");
                }

                break;
            case HoldScope.Person:
                if (input.Identities is not { Count: > 0 } identities || identities.Any(i => string.IsNullOrWhiteSpace(i.Type) || string.IsNullOrEmpty(i.Value) || i.Value.Length > 1000))
                {
                    errors.Add("identities", "Give the person's identities as type=value (e.g. email=…, customer_number=…), none empty.");
                }
                else
                {
                    identitiesJson = JsonSerializer.Serialize(identities);
                }

                break;
            default:
                errors.Add("scope", "The scope must be one of tenant, collection, person.");
                break;
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var hold = new RetentionHold
        {
            TenantId = tenant.Id,
            Scope = input.Scope,
            Collection = input.Scope == HoldScope.Collection ? input.Collection : null,
            IdentitiesJson = identitiesJson,
            Reason = input.Reason.Trim(),
            Until = input.Until,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = actor.Name,
        };
        db.RetentionHolds.Add(hold);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RetentionHoldPlaced, tenant.Id, $"retention-hold:{hold.Id}", new Dictionary<string, string?>
        {
            ["scope"] = hold.Scope,
            ["collection"] = hold.Collection,
            ["until"] = hold.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), ct);
        return hold;
    }

    public async Task<Outcome<RetentionHold>> ReleaseHoldAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.RetentionHolds.SingleOrDefaultAsync(h => h.Id == id, ct) is not { } hold)
        {
            return new NotFound("Legal hold", id.ToString());
        }

        if (hold.ReleasedAt is not null)
        {
            return new Conflict($"The hold was released already, on {hold.ReleasedAt:yyyy-MM-dd}.");
        }

        hold.ReleasedAt = time.GetUtcNow().UtcDateTime;
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RetentionHoldReleased, tenant.Id, $"retention-hold:{hold.Id}"), ct);
        return hold;
    }

    public async Task<IReadOnlyList<RetentionHold>> HoldsAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.RetentionHolds.AsNoTracking().OrderByDescending(h => h.CreatedAt).ToListAsync(ct);
    }

    /// <summary>The newest runs first, each with its per-rule report.</summary>
    public async Task<IReadOnlyList<RetentionRunView>> RunsAsync(Tenant tenant, int take, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await ViewsAsync(db.RetentionRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(Math.Clamp(take, 1, 200)), ct);
    }

    /// <summary>One run with its per-rule report; null when the tenant has no such run.</summary>
    public async Task<RetentionRunView?> RunAsync(Tenant tenant, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return (await ViewsAsync(db.RetentionRuns.AsNoTracking().Where(r => r.Id == id), ct)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<RetentionRunView>> ViewsAsync(IQueryable<RetentionRun> query, CancellationToken ct)
    {
        var runs = await query.ToListAsync(ct);
        var ids = runs.Select(r => r.Id).ToList();
        var rules = await db.RetentionProgress.AsNoTracking().Where(p => ids.Contains(p.RunId)).ToListAsync(ct);
        return runs.Select(r => new RetentionRunView(r, rules.Where(p => p.RunId == r.Id).OrderBy(p => p.Rule, StringComparer.Ordinal).ToList())).ToList();
    }
}

/// <summary>A legal hold to place: its scope and what it covers, why, and until when (null: until released).</summary>
public sealed record HoldInput(string Scope, string Reason, DateOnly? Until = null, string? Collection = null, IReadOnlyList<Identity>? Identities = null);

/// <summary>A run and its rules' reports.</summary>
public sealed record RetentionRunView(RetentionRun Run, IReadOnlyList<RetentionProgress> Rules);
