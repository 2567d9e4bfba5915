using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>The identities match several people in another datastore of the request: this step waits for the agent's choice there.</summary>
public sealed class AmbiguousElsewhere(string datastore, AmbiguousPerson inner)
    : Exception($"waits: the identities match several people in {datastore}; choose the person there first (nothing was read or changed here)", inner)
{
    public string Datastore => datastore;
}

/// <summary>
/// Carries out one request step or one deferred erasure in its datastore. A datastore that fails (down, locked, not as
/// the data map says) leaves its transaction rolled back; the step records the error and when it is tried next.
/// </summary>
public sealed class RequestRunner(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections,
    Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
{
    private static readonly AuditActor Worker = new("system", null, "lethe worker");

    public async Task RunStepAsync(Guid stepId, CancellationToken cancellationToken)
    {
        var step = await db.RequestSteps.IgnoreQueryFilters().SingleAsync(s => s.Id == stepId, cancellationToken);
        scope.Enter(step.TenantId);
        var request = await db.Requests.SingleAsync(r => r.Id == step.RequestId, cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == step.TenantId, cancellationToken);
        var now = time.GetUtcNow();
        step.Attempts++;
        try
        {
            var manifest = await dataMap.CurrentManifestAsync(tenant, cancellationToken) ?? throw new DatastoreProblem(DatastoreMessages.NoDataMap());
            var store = manifest.FindDatastore(step.Datastore) ?? throw new DatastoreProblem(DatastoreMessages.NotInDataMap(step.Datastore));
            var identities = Identity.Searchable(request.Identities());
            var details = step.Connector switch
            {
                { IsSql: true } => await RunSqlAsync(manifest, step, store, request, identities, now, cancellationToken),
                { IsWebhook: true } => await RunWebhookAsync(step, store, request, identities, now, cancellationToken),
                { IsManual: true } => Manual(step, store, request),
                _ => throw new DatastoreProblem($"unknown connector {step.Connector}"),
            };
            if (step.Status != StepStatus.Pending)
            {
                step.NextAttemptAt = null;
            }

            details["datastore"] = step.Datastore;
            details["type"] = request.Type.ToWire();
            step.LeasedUntil = null;
            await RequestProgress.SaveAsync(db, audit, request.Id, now.UtcDateTime, Worker,
                [new AuditEvent(Worker, step.Status == StepStatus.Done ? AuditActions.RequestStepDone : AuditActions.RequestStepWaiting, tenant.Id, $"request:{request.Id}", details)],
                cancellationToken);
        }
        catch (AmbiguousElsewhere e)
        {
            // Woken by the choice there, and looked at again now and then in case the other datastore changed meanwhile.
            step.Postpone(now.UtcDateTime.AddMinutes(15), e.Message);
            step.LeasedUntil = null;
            step.OutcomeJson = new StepOutcome { WaitsForChoiceIn = e.Datastore }.ToJson();
            await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.RequestStepWaiting, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
            {
                ["datastore"] = step.Datastore,
                ["waitsForChoiceIn"] = e.Datastore,
            }), cancellationToken);
        }
        catch (AmbiguousPerson e)
        {
            // Never merge two people: the step waits for the agent, with the candidates described by what does not identify them.
            step.Wait(e.Message);
            step.LeasedUntil = null;
            step.OutcomeJson = StepOutcome.Of(e).ToJson();
            await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.RequestStepWaiting, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
            {
                ["datastore"] = step.Datastore,
                ["ambiguous"] = $"{e.Collection}: {e.Candidates.Count} candidates",
            }), cancellationToken);
        }
        catch (Exception e) when (DatastoreFailure.Is(e))
        {
            await FailAsync(step, DatastoreFailure.Describe(e), e, now.UtcDateTime, cancellationToken);
        }
    }

    /// <summary>
    /// Records an attempt that ended in an exception nobody expected (a bug, not a datastore being down): the attempt's
    /// own changes were never saved, so the step is read again here and counted like any other failure — retried with
    /// backoff, shown in <c>/health/work</c> and the console, and given up on after the last attempt.
    /// </summary>
    public async Task RecordUnexpectedAsync(Guid stepId, Exception error, CancellationToken cancellationToken)
    {
        var step = await db.RequestSteps.IgnoreQueryFilters().SingleAsync(s => s.Id == stepId, cancellationToken);
        scope.Enter(step.TenantId);
        step.Attempts++;
        // Only the kind: an exception's message may quote a value read from a datastore.
        await FailAsync(step, DatastoreMessages.Unexpected(error), error, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <inheritdoc cref="RecordUnexpectedAsync"/>
    public async Task RecordUnexpectedDeferredAsync(Guid id, Exception error, CancellationToken cancellationToken)
    {
        var deferred = await db.DeferredErasures.IgnoreQueryFilters().SingleAsync(d => d.Id == id, cancellationToken);
        scope.Enter(deferred.TenantId);
        deferred.Attempts++;
        await FailDeferredAsync(deferred, DatastoreMessages.Unexpected(error), error, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    private async Task FailAsync(RequestStep step, string reason, Exception error, DateTime now, CancellationToken cancellationToken)
    {
        var givesUp = options.Value.GivesUp(step.Attempts);
        if (givesUp)
        {
            step.GiveUp(reason);
        }
        else
        {
            step.Fail(reason, now + Backoff.After(step.Attempts));
        }

        step.LeasedUntil = null;
        await audit.SaveChangesAsync(new AuditEvent(Worker, givesUp ? AuditActions.RequestStepGaveUp : AuditActions.RequestStepFailed, step.TenantId,
            $"request:{step.RequestId}", new Dictionary<string, string?>
            {
                ["datastore"] = step.Datastore,
                ["attempt"] = step.Attempts.ToString(CultureInfo.InvariantCulture),
                ["error"] = error.GetType().Name,
                ["nextAttemptAt"] = step.NextAttemptAt?.ToString("O", CultureInfo.InvariantCulture),
            }), cancellationToken);
    }

    private async Task FailDeferredAsync(DeferredErasure deferred, string reason, Exception error, DateTime now, CancellationToken cancellationToken)
    {
        var givesUp = options.Value.GivesUp(deferred.Attempts);
        deferred.LastError = reason;
        deferred.NextAttemptAt = givesUp ? null : now + Backoff.After(deferred.Attempts);
        deferred.GaveUpAt = givesUp ? now : null;
        deferred.LeasedUntil = null;
        await audit.SaveChangesAsync(new AuditEvent(Worker, givesUp ? AuditActions.DeferredErasureGaveUp : AuditActions.DeferredErasureFailed, deferred.TenantId,
            $"request:{deferred.RequestId}", new Dictionary<string, string?>
            {
                ["datastore"] = deferred.Datastore,
                ["attempt"] = deferred.Attempts.ToString(CultureInfo.InvariantCulture),
                ["error"] = error.GetType().Name,
            }), cancellationToken);
    }

    public async Task RunDeferredAsync(Guid id, CancellationToken cancellationToken)
    {
        var deferred = await db.DeferredErasures.IgnoreQueryFilters().SingleAsync(d => d.Id == id, cancellationToken);
        scope.Enter(deferred.TenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == deferred.TenantId, cancellationToken);
        var now = time.GetUtcNow();
        deferred.Attempts++;
        try
        {
            var manifest = await dataMap.CurrentManifestAsync(tenant, cancellationToken) ?? throw new DatastoreProblem(DatastoreMessages.NoDataMap());
            var store = manifest.FindDatastore(deferred.Datastore) ?? throw new DatastoreProblem(DatastoreMessages.NotInDataMap(deferred.Datastore));
            var keys = RowKeys.Read(deferred.RowsJson);
            var outcome = await (await connections.ForTenantAsync(db, tenant.Id, cancellationToken)).Sql(manifest, deferred.Datastore, store)
                .EraseRowsAsync(keys, await HashKeyAsync(tenant, cancellationToken), DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
            // Rows still held (a later hold found since) are deferred again rather than dropped.
            foreach (var again in outcome.Plan.Deferred.GroupBy(d => d.Due))
            {
                db.DeferredErasures.Add(NewDeferred(tenant.Id, deferred.RequestId, deferred.Datastore, again.Key, again.ToList()));
            }

            deferred.CompletedAt = now.UtcDateTime;
            deferred.LastError = null;
            deferred.LeasedUntil = null;
            deferred.OutcomeJson = OutcomeJson(outcome);
            await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.DeferredErasureDone, tenant.Id, $"request:{deferred.RequestId}", Details(outcome, deferred.Datastore)), cancellationToken);
        }
        catch (Exception e) when (DatastoreFailure.Is(e))
        {
            await FailDeferredAsync(deferred, DatastoreFailure.Describe(e), e, now.UtcDateTime, cancellationToken);
        }
    }

    private async Task<Dictionary<string, string?>> RunSqlAsync(
        Manifest manifest, RequestStep step, Datastore store, DataRequest request, List<Identity> identities, DateTimeOffset now, CancellationToken ct)
    {
        var references = await connections.ForTenantAsync(db, request.TenantId, ct);
        var connector = references.Sql(manifest, step.Datastore, store);
        var chosen = step.ChosenJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(step.ChosenJson);
        await ProbeOtherDatastoresAsync(manifest, step, connector, chosen, references, identities, ct);
        switch (request.Type)
        {
            case RequestType.Access or RequestType.Portability:
                // Counted here; the rows themselves are read again when the answer is downloaded, so Lethe keeps no copy.
                var counts = await connector.ReadAsync(identities, _ => ValueTask.CompletedTask, ct, chosen);
                step.OutcomeJson = new StepOutcome { Found = counts }.ToJson();
                step.Complete(now.UtcDateTime);
                return new Dictionary<string, string?> { ["rows"] = Join(counts.Select(c => $"{c.Key}={c.Value}")) };
            case RequestType.Erasure when await Lethe.Retention.ErasureHolds.CoveringAsync(db, step.TenantId, step.Datastore, identities, DateOnly.FromDateTime(now.UtcDateTime), ct) is { } hold:
                // Art. 17(3)(e): data kept for legal claims is not erased. The step waits, and the worker carries it out
                // the day after the hold ends; a hold without an end is looked at again every day until it is released.
                step.Postpone(hold.Until is { } until ? until.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : now.UtcDateTime.AddDays(1));
                step.OutcomeJson = new StepOutcome
                {
                    Kept = [KeptReasons.Kept(hold.Collection ?? KeptReasons.EveryCollection, 0, KeptReasons.LegalHold(hold.Scope), [hold.Reason], hold.Until)],
                }.ToJson();
                return new Dictionary<string, string?> { ["datastore"] = step.Datastore, ["legalHold"] = hold.Id.ToString() };
            case RequestType.Erasure:
                var outcome = await connector.EraseAsync(identities, await HashKeyAsync(await db.Tenants.SingleAsync(t => t.Id == step.TenantId, ct), ct),
                    DateOnly.FromDateTime(now.UtcDateTime), ct, chosen);
                foreach (var group in outcome.Plan.Deferred.GroupBy(d => d.Due))
                {
                    db.DeferredErasures.Add(NewDeferred(step.TenantId, request.Id, step.Datastore, group.Key, group.ToList()));
                }

                step.OutcomeJson = OutcomeJson(outcome);
                step.Complete(now.UtcDateTime);
                return Details(outcome, step.Datastore);
            case RequestType.Restriction:
                var restricted = await connector.RestrictAsync(identities, ct, chosen);
                step.OutcomeJson = OutcomeJson(restricted);
                step.Complete(now.UtcDateTime);
                return Details(restricted, step.Datastore);
            case RequestType.Rectification:
                var changes = JsonSerializer.Deserialize<Dictionary<string, string>>(request.ChangesJson ?? "{}") ?? [];
                var rectified = await connector.RectifyAsync(identities, changes, ct, chosen);
                step.OutcomeJson = OutcomeJson(rectified);
                step.Complete(now.UtcDateTime);
                return Details(rectified, step.Datastore);
            default:
                throw new DatastoreProblem($"unknown request type {request.Type.ToWire()}");
        }
    }

    /// <summary>
    /// Never one person's data in one datastore while the identities match several in another: before a step reads or
    /// changes anything, every other SQL datastore of the request is asked who the identities match there (identity
    /// columns only). Where that is several people, this step waits for the agent's choice there.
    /// </summary>
    private async Task ProbeOtherDatastoresAsync(
        Manifest manifest, RequestStep step, SqlConnector own, Dictionary<string, string>? ownChoice, TenantConnections references, List<Identity> identities, CancellationToken ct)
    {
        var siblings = (await db.RequestSteps.Where(s => s.RequestId == step.RequestId && s.Id != step.Id && (s.Connector == DatastoreKind.Postgres || s.Connector == DatastoreKind.Sqlite))
                .ToListAsync(ct))
            .Select(s => (Step: s, Store: manifest.FindDatastore(s.Datastore)))
            .Where(s => s.Store is not null && Reachability.Reachable(s.Store, identities))
            .ToList();
        if (siblings.Count == 0)
        {
            // Alone, the step's own walk sees its ambiguity before it hands anything on.
            return;
        }

        // First whether the identities match one person here (if not, the agent chooses here), then elsewhere: two
        // datastores that both match several people each show their candidates instead of waiting for each other.
        await own.ProbeAsync(identities, ct, ownChoice);
        foreach (var (sibling, store) in siblings)
        {

            var chosen = sibling.ChosenJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(sibling.ChosenJson);
            try
            {
                await references.Sql(manifest, sibling.Datastore, store!).ProbeAsync(identities, ct, chosen);
            }
            catch (AmbiguousPerson e)
            {
                throw new AmbiguousElsewhere(sibling.Datastore, e);
            }
            catch (Exception e) when (DatastoreFailure.Is(e))
            {
                // A datastore that is down does not hold the others hostage; its own step checks its matches when it runs.
            }
        }
    }

    private async Task<Dictionary<string, string?>> RunWebhookAsync(
        RequestStep step, Datastore store, DataRequest request, List<Identity> identities, DateTimeOffset now, CancellationToken ct)
    {
        var references = await connections.ForTenantAsync(db, request.TenantId, ct);
        var url = references.Require(store.Connection, "webhook URL", step.Datastore);
        var secret = references.Require(store.Secret, "webhook secret", step.Datastore);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new DatastoreProblem(DatastoreMessages.WebhookUrl(step.Datastore, store.Connection));
        }

        string? callback = null;
        if (connections.PublicUrl is { } publicUrl)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            step.CallbackTokenHash = TokenHash.Of(token);
            callback = $"{publicUrl.TrimEnd('/')}/api/v1/webhooks/{token}";
        }

        var changes = request.ChangesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(request.ChangesJson);
        var job = WebhookConnector.Job(step.Id, request.Id, request.Type.ToWire(), identities, store, changes, callback);
        var result = await connections.Webhooks.SendAsync(uri, secret, job, now, ct);
        if (!result.Answered)
        {
            if (callback is null)
            {
                throw new DatastoreProblem(DatastoreMessages.NoPublicUrl(step.Datastore));
            }

            step.Wait();
            return new Dictionary<string, string?> { ["accepted"] = "callback" };
        }

        // A 200 always carries an answer (WebhookConnector reads it or fails the send).
        var rows = WebhookCallbacks.Record(step, result.Answer!, now.UtcDateTime);
        return new Dictionary<string, string?> { ["rows"] = rows.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>
    /// The verbs a manual task's checklist items start with ("Delete or anonymise: crm.customers.email (contact.email)"),
    /// stored in English with the step, and the texts the console says them with.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ChecklistVerbs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EraseVerb] = "step.verb.erase", [CorrectVerb] = "step.verb.correct", [RestrictVerb] = "step.verb.restrict",
        [CopyVerb] = "step.verb.copy", [ByHandVerb] = "step.verb.by_hand",
    };

    private const string EraseVerb = "Delete or anonymise";
    private const string CorrectVerb = "Correct";
    private const string RestrictVerb = "Mark as restricted (store only, do not use)";
    private const string CopyVerb = "Look up and copy";
    private const string ByHandVerb = "Correct by hand";

    /// <summary>A task for the named person with the checklist of what to look up or delete.</summary>
    private static Dictionary<string, string?> Manual(RequestStep step, Datastore store, DataRequest request)
    {
        var verb = request.Type switch
        {
            RequestType.Erasure => EraseVerb,
            RequestType.Rectification => CorrectVerb,
            RequestType.Restriction => RestrictVerb,
            _ => CopyVerb,
        };
        var checklist = store.Collections.SelectMany(c => c.Fields.Where(f => f.Category is not null).Select(f =>
            $"{verb}: {c.Name}.{f.Name} ({f.Category}){(request.Type == RequestType.Erasure && f.Erasure is not null ? $" — {f.Erasure}" : "")}")).ToList();
        if (request.Correction?.ByHand is { } byHand)
        {
            // The agent's decision comes first: it says what the correction is, the fields only where to look.
            checklist.Insert(0, $"{ByHandVerb}: {byHand}");
        }

        step.Assignee = store.Assignee;
        step.OutcomeJson = new StepOutcome { Checklist = checklist }.ToJson();
        step.Wait();
        return new Dictionary<string, string?> { ["assignee"] = store.Assignee, ["items"] = checklist.Count.ToString(CultureInfo.InvariantCulture) };
    }

    private Task<byte[]> HashKeyAsync(Tenant tenant, CancellationToken ct) => TenantSecrets.HashKeyAsync(db, tenant.Id, time, ct);

    private static DeferredErasure NewDeferred(Guid tenantId, Guid requestId, string datastore, DateOnly due, List<DeferredRows> rows) => new()
    {
        TenantId = tenantId,
        RequestId = requestId,
        Datastore = datastore,
        Due = due,
        RowsJson = RowKeys.Write(rows.GroupBy(r => r.Collection).ToDictionary(g => g.Key, g => (IReadOnlyList<object>)g.SelectMany(r => r.Keys).ToList())),
        Rule = rows[0].Rule,
        LegalReference = rows[0].LegalReference,
    };

    private static string OutcomeJson(ChangeOutcome outcome) => StepOutcome.Of(outcome).ToJson();

    /// <summary>For the audit log: which collection, how many rows, which strategy, what was kept — never a value.</summary>
    private static Dictionary<string, string?> Details(ChangeOutcome outcome, string datastore) => new()
    {
        ["datastore"] = datastore,
        ["rowsChanged"] = outcome.RowsChanged.ToString(CultureInfo.InvariantCulture),
        ["changes"] = Join(outcome.Plan.Counts.Select(c => $"{c.Collection}:{c.Action}={c.Rows}")),
        ["kept"] = Join(outcome.Plan.Kept.Select(k => $"{k.Collection}={k.Rows}{(k.Until is { } u ? $" until {u:yyyy-MM-dd}" : "")}")),
        ["files"] = outcome.FilesRemoved.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Join(IEnumerable<string> parts)
    {
        var text = string.Join("; ", parts);
        return text.Length == 0 ? null : text.Length > 2000 ? text[..2000] + "…" : text;
    }
}
