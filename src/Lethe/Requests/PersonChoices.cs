using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// Where a step's identities matched several people, the agent says which one the request is about. Lethe never
/// chooses and never merges two people.
/// </summary>
public sealed class PersonChoices(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// The agent chooses which of the people the identities matched the request is about (never several: two people are
    /// never merged). The step runs again for that row alone; the choice and who made it are audited.
    /// </summary>
    public async Task<Outcome<RequestStep>> ChooseAsync(
        Tenant tenant, AuditActor actor, Guid requestId, Guid stepId, string? collection, string? key, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var step = await db.RequestSteps.SingleOrDefaultAsync(s => s.Id == stepId && s.RequestId == requestId, cancellationToken);
        if (step is null)
        {
            return new NotFound("Step", stepId.ToString());
        }

        var candidates = Candidates(step);
        if (step.Status != StepStatus.Waiting || candidates is null)
        {
            return new Conflict("Only a step whose identities matched several people waits for a choice.");
        }

        if (collection != candidates.Collection || key is null || !candidates.Keys.Contains(key))
        {
            return InvalidInput.For("key", $"Choose one of the candidates in {candidates.Collection}: {string.Join(", ", candidates.Keys)}.");
        }

        var chosen = step.ChosenJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(step.ChosenJson) ?? [];
        chosen[collection] = key;
        step.ChosenJson = JsonSerializer.Serialize(chosen);
        var now = time.GetUtcNow().UtcDateTime;
        step.Resume(now);
        // The steps that waited for this choice go on too (each asks again whether every datastore now has one person).
        foreach (var waiting in await db.RequestSteps.Where(s => s.RequestId == requestId && s.Id != stepId && s.Status == StepStatus.Pending).ToListAsync(cancellationToken))
        {
            if (StepOutcome.Read(waiting.OutcomeJson)?.WaitsForChoiceIn == step.Datastore)
            {
                waiting.Resume(now);
            }
        }

        await RequestProgress.SaveAsync(db, audit, step.RequestId, now, actor,
            [new AuditEvent(actor, AuditActions.RequestPersonChosen, tenant.Id, $"request:{requestId}",
                new Dictionary<string, string?> { ["datastore"] = step.Datastore, ["collection"] = collection, ["key"] = key })],
            cancellationToken);
        return step;
    }

    /// <summary>The people a step's identities matched when it stopped for the agent to choose, or null.</summary>
    public static AmbiguousMatch? Candidates(RequestStep step) => StepOutcome.Read(step.OutcomeJson)?.Ambiguous;
}
