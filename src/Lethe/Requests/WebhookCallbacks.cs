using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// A webhook system's answer to a job: at once (the <see cref="RequestRunner"/> sent the job and got a 200) or later,
/// through <c>/api/v1/webhooks/{token}</c> after a 202. Both are recorded on the step by <see cref="Record"/>.
/// </summary>
public sealed class WebhookCallbacks(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>
    /// A webhook system's answer to a job it accepted earlier. The token in the URL finds the step (and is good once);
    /// the signature over timestamp and body must verify with the datastore's secret and the timestamp be recent.
    /// </summary>
    public async Task<Outcome<RequestStep>> AcceptAsync(string token, string? timestamp, string? signature, byte[] body, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        var step = await db.RequestSteps.IgnoreQueryFilters().SingleOrDefaultAsync(s => s.CallbackTokenHash == hash, cancellationToken);
        if (step is null || step.Status != StepStatus.Waiting)
        {
            return new NotFound("Callback", "(token)");
        }

        scope.Enter(step.TenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == step.TenantId, cancellationToken);
        var manifest = await dataMap.CurrentManifestAsync(tenant, cancellationToken);
        var store = manifest?.FindDatastore(step.Datastore);
        string? secret = null;
        if (store?.Secret is { } secretReference)
        {
            try
            {
                secret = (await connections.ForTenantAsync(db, tenant.Id, cancellationToken)).Require(secretReference, "webhook secret", step.Datastore);
            }
            catch (DatastoreProblem)
            {
                // Refused or unset: the callback cannot be verified, and is turned away below like one with no secret.
            }
        }

        var now = time.GetUtcNow();
        var problem = secret is null ? "the datastore has no secret configured" : WebhookSignature.Verify(secret, timestamp, signature, body, now);
        WebhookAnswer? answer = null;
        if (problem is null)
        {
            try
            {
                answer = WebhookConnector.Parse(body);
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null)
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.CallbackRejected, step.TenantId, $"request:{step.RequestId}",
                new Dictionary<string, string?> { ["datastore"] = step.Datastore, ["reason"] = problem }), cancellationToken);
            return new NotAllowed($"The callback was rejected: {problem}.");
        }

        var rows = Record(step, answer!, now.UtcDateTime);
        var system = new AuditActor("system", null, step.Datastore);
        await RequestProgress.SaveAsync(db, audit, step.RequestId, now.UtcDateTime, system,
            [new AuditEvent(system, AuditActions.CallbackAccepted, step.TenantId, $"request:{step.RequestId}",
                new Dictionary<string, string?> { ["datastore"] = step.Datastore, ["rows"] = rows.ToString(CultureInfo.InvariantCulture) })],
            cancellationToken);
        return step;
    }

    /// <summary>
    /// Records a system's answer on its step, which is then done: the rows it sent for access or portability (kept with
    /// the step, as they cannot be fetched again) and the counts. The callback token is spent.
    /// </summary>
    /// <returns>The rows the answer held or the system changed, for the audit log.</returns>
    internal static int Record(RequestStep step, WebhookAnswer answer, DateTime now)
    {
        step.Complete(now);
        step.CallbackTokenHash = null;
        step.ResultJson = answer.Collections is null ? null : JsonSerializer.Serialize(answer.Collections);
        step.OutcomeJson = new StepOutcome { Changed = answer.Changed, Collections = answer.Collections?.ToDictionary(c => c.Key, c => c.Value.Count) }.ToJson();
        return answer.Collections?.Sum(c => c.Value.Count) ?? answer.Changed ?? 0;
    }
}
