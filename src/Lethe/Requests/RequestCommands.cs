using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>A request with its steps, as the console and the API show it.</summary>
public sealed record RequestView(DataRequest Request, IReadOnlyList<RequestStep> Steps)
{
    public IReadOnlyList<Identity> Identities => JsonSerializer.Deserialize<List<Identity>>(Request.IdentitiesJson) ?? [];
}

/// <summary>What an answer package held: rows per system.datastore.collection.</summary>
public sealed record AnswerWritten(IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// Creating data subject requests, reading them, and the work people and systems do on them outside the worker: a
/// manual task closed in the console, a webhook system's callback, the answer package downloaded.
/// </summary>
public sealed class RequestCommands(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>
    /// Registers a request and starts its clock. Nothing is read or changed in any datastore until the identity is
    /// verified and the request approved (<see cref="RequestLifecycle"/>).
    /// </summary>
    /// <param name="alongside">Work saved in the same transaction as the request, e.g. the verification e-mail.</param>
    public async Task<Outcome<RequestView>> CreateAsync(
        Tenant tenant, AuditActor actor, RequestInput input, CancellationToken cancellationToken, Action<DataRequest>? alongside = null)
    {
        var created = await CreateManyAsync(tenant, actor, [input], cancellationToken, alongside is null ? null : requests => alongside(requests[0]));
        return created.Succeeded ? new RequestView(created.Value![0], []) : created.Failure!;
    }

    /// <summary>
    /// Registers requests a person made together, all or none: every input is checked before any is recorded, and they
    /// are saved in one transaction with what <paramref name="alongside"/> adds.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DataRequest>>> CreateManyAsync(
        Tenant tenant, AuditActor actor, IReadOnlyList<RequestInput> inputs, CancellationToken cancellationToken, Action<IReadOnlyList<DataRequest>>? alongside = null)
    {
        if (await dataMap.InForceAsync(tenant, cancellationToken) is not { } inForce)
        {
            return new Conflict($"{tenant.Name} has no data map yet; import one before taking requests.");
        }

        foreach (var input in inputs)
        {
            var errors = input.Validate(inForce.Manifest);
            if (errors.Any)
            {
                return errors.ToFailure();
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var requests = new List<DataRequest>();
        var events = new List<AuditEvent>();
        foreach (var input in inputs)
        {
            var checkedIdentity = input.IdentityCheck is not null && input.Channel != RequestChannel.PrivacyCentre;
            var request = new DataRequest
            {
                TenantId = tenant.Id,
                Type = input.Type,
                IdentitiesJson = JsonSerializer.Serialize(input.Identities),
                ChangesJson = input.Changes is null ? null : JsonSerializer.Serialize(input.Changes),
                DataMapRevision = inForce.Revision.Revision,
                CreatedAt = now,
                DueOn = Deadline.Due(new DateTimeOffset(now, TimeSpan.Zero), tenant.Country),
                CreatedBy = actor.Name,
                Channel = input.Channel,
                GroupId = input.GroupId,
                Language = input.Language,
                Message = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim(),
                Status = input.Channel == RequestChannel.PrivacyCentre ? RequestStatus.AwaitingVerification
                    : checkedIdentity ? RequestStatus.Verified : RequestStatus.Received,
                VerificationEvidence = checkedIdentity ? input.IdentityCheck!.Trim() : null,
                VerifiedAt = checkedIdentity ? now : null,
                VerifiedBy = checkedIdentity ? actor.Name : null,
            };
            db.Requests.Add(request);
            requests.Add(request);
            events.Add(new AuditEvent(actor, AuditActions.RequestCreated, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
            {
                ["type"] = input.Type,
                ["channel"] = input.Channel,
                ["status"] = request.Status,
                ["group"] = input.GroupId?.ToString(),
                ["identityTypes"] = string.Join(",", input.Identities.Select(i => i.Type)),
                ["dueOn"] = request.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }));
        }

        alongside?.Invoke(requests);
        await audit.SaveChangesAsync(events, cancellationToken);
        return requests;
    }

    public async Task<RequestView?> FindAsync(Tenant tenant, Guid id, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var steps = await db.RequestSteps.AsNoTracking().Where(s => s.RequestId == id).OrderBy(s => s.Datastore).ToListAsync(cancellationToken);
        return new RequestView(request, steps);
    }

    /// <summary>A request as a person sees it in the console or the API: its identities are personal data, so the look is audited.</summary>
    public async Task<RequestView?> ViewAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken cancellationToken)
    {
        var view = await FindAsync(tenant, id, cancellationToken);
        if (view is not null)
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestViewed, tenant.Id, $"request:{id}"), cancellationToken);
        }

        return view;
    }

    public async Task<IReadOnlyList<DataRequest>> ListAsync(
        Tenant tenant, int take, CancellationToken cancellationToken, string? status = null, string? type = null, bool open = false, string? assignee = null)
    {
        scope.Enter(tenant.Id);
        var query = db.Requests.AsNoTracking();
        if (open)
        {
            query = query.Where(r => RequestStatus.Open.Contains(r.Status));
        }

        if (assignee is not null)
        {
            var who = assignee.ToLowerInvariant();
            query = query.Where(r => r.Assignee == who);
        }

        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (type is not null)
        {
            query = query.Where(r => r.Type == type);
        }

        return await query.OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The other requests the person made together with <paramref name="request"/> (none when made alone).</summary>
    public async Task<IReadOnlyList<DataRequest>> TogetherAsync(Tenant tenant, DataRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId is not { } group)
        {
            return [];
        }

        scope.Enter(tenant.Id);
        return await db.Requests.AsNoTracking().Where(r => r.GroupId == group && r.Id != request.Id).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Everything that happened to a request, oldest first, from the audit log (which never holds the person's data).</summary>
    public async Task<IReadOnlyList<AuditEntry>> TimelineAsync(Tenant tenant, Guid id, CancellationToken cancellationToken)
    {
        var target = $"request:{id}";
        return await db.AuditEntries.AsNoTracking().Where(e => e.TenantId == tenant.Id && e.Target == target)
            .OrderBy(e => e.Sequence).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Open requests past their Art. 12(3) deadline, the longest overdue first.</summary>
    public async Task<IReadOnlyList<DataRequest>> OverdueAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var today = Deadline.ReceivedOn(time.GetUtcNow(), tenant.Country);
        return await db.Requests.AsNoTracking()
            .Where(r => RequestStatus.Open.Contains(r.Status) && r.DueOn != null && r.DueOn < today)
            .OrderBy(r => r.DueOn).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Steps that wait for someone or keep failing, for the console's work list.</summary>
    public async Task<IReadOnlyList<RequestStep>> OpenStepsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.RequestSteps.AsNoTracking().Where(s => s.Status == StepStatus.Waiting || s.Status == StepStatus.Failed)
            .OrderBy(s => s.NextAttemptAt).Take(200).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeferredErasure>> DeferredAsync(Tenant tenant, Guid requestId, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.DeferredErasures.AsNoTracking().Where(d => d.RequestId == requestId).OrderBy(d => d.Due).ToListAsync(cancellationToken);
    }

    /// <summary>Closes a manual task: the assignee has looked up or deleted what the checklist says, and notes what they did.</summary>
    public async Task<Outcome<RequestStep>> CompleteManualAsync(Tenant tenant, AuditActor actor, Guid requestId, Guid stepId, string? note, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var step = await db.RequestSteps.SingleOrDefaultAsync(s => s.Id == stepId && s.RequestId == requestId, cancellationToken);
        if (step is null)
        {
            return new NotFound("Step", stepId.ToString());
        }

        if (step.Connector != "manual" || step.Status != StepStatus.Waiting)
        {
            return new Conflict(step.Connector != "manual" ? "Only manual tasks are completed by hand." : $"The task is {step.Status}, not waiting.");
        }

        if (string.IsNullOrWhiteSpace(note) || note.Length > 4000)
        {
            return InvalidInput.For("note", "Say what was done, in at most 4000 characters (e.g. \"Binder 2019 checked; one contract shredded\").");
        }

        var now = time.GetUtcNow().UtcDateTime;
        step.Status = StepStatus.Done;
        step.Note = note.Trim();
        step.CompletedAt = now;
        step.CompletedBy = actor.Name;
        await UpdateProgressAsync(db, step.RequestId, now, cancellationToken);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ManualTaskCompleted, tenant.Id, $"request:{requestId}",
            new Dictionary<string, string?> { ["datastore"] = step.Datastore }), cancellationToken);
        return step;
    }

    /// <summary>
    /// A webhook system's answer to a job it accepted earlier. The token in the URL finds the step (and is good once);
    /// the signature over timestamp and body must verify with the datastore's secret and the timestamp be recent.
    /// </summary>
    public async Task<Outcome<RequestStep>> AcceptCallbackAsync(string token, string? timestamp, string? signature, byte[] body, CancellationToken cancellationToken)
    {
        var hash = TokenHash(token);
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

        step.Status = StepStatus.Done;
        step.CompletedAt = now.UtcDateTime;
        step.CallbackTokenHash = null;
        step.ResultJson = answer!.Collections is null ? null : JsonSerializer.Serialize(answer.Collections);
        step.OutcomeJson = new StepOutcome { Changed = answer.Changed, Collections = answer.Collections?.ToDictionary(c => c.Key, c => c.Value.Count) }.ToJson();
        await UpdateProgressAsync(db, step.RequestId, now.UtcDateTime, cancellationToken);
        await audit.SaveChangesAsync(new AuditEvent(new AuditActor("system", null, step.Datastore), AuditActions.CallbackAccepted, step.TenantId, $"request:{step.RequestId}",
            new Dictionary<string, string?>
            {
                ["datastore"] = step.Datastore,
                ["rows"] = (answer.Collections?.Sum(c => c.Value.Count) ?? answer.Changed ?? 0).ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return step;
    }

    /// <summary>
    /// Writes the answer to an access or portability request as a ZIP: the SQL datastores are read again (so no copy of
    /// the person's data is kept in Lethe), webhook systems' answers are added, and manual tasks are listed.
    /// </summary>
    /// <param name="documents">Documents for the top of the ZIP, made once the rows are read (the report names what was found).</param>
    /// <param name="complete">
    /// Whether the answer must hold every datastore (the person's package) or may note one that cannot be read now (an
    /// officer's look): with it, a datastore that cannot be read fails the whole answer with <see cref="Unavailable"/>.
    /// </param>
    public async Task<Outcome<AnswerWritten>> WriteAnswerAsync(
        Tenant tenant, AuditActor actor, Guid id, Stream output, CancellationToken cancellationToken,
        Func<Manifest, IReadOnlyDictionary<string, int>, IReadOnlyList<string>, IEnumerable<(string Name, string Content)>>? documents = null,
        bool complete = false)
    {
        if (await FindAsync(tenant, id, cancellationToken) is not { } view)
        {
            return new NotFound("Request", id.ToString());
        }

        if (view.Request.Type is not (RequestType.Access or RequestType.Portability))
        {
            return new Conflict($"A {view.Request.Type} request has no answer package; only access and portability requests do.");
        }

        if (await dataMap.CurrentManifestAsync(tenant, cancellationToken) is not { } manifest)
        {
            return new Conflict($"{tenant.Name} has no data map.");
        }

        var kind = view.Request.Type == RequestType.Access ? AnswerKind.Access : AnswerKind.Portability;
        await using var package = new AnswerPackage(manifest, kind);
        var identities = view.Identities;
        var references = await connections.ForTenantAsync(db, tenant.Id, cancellationToken);
        foreach (var step in view.Steps)
        {
            var store = manifest.FindDatastore(step.Datastore);
            if (store is null)
            {
                package.Note($"{step.Datastore}: no longer in the data map");
                continue;
            }

            switch (step.Connector)
            {
                case "postgres" or "sqlite" when step.Status == StepStatus.Waiting || StepOutcome.Read(step.OutcomeJson)?.WaitsForChoiceIn is not null:
                    package.Note($"{step.Datastore}: waiting for the agent to choose which of several people the request is about; nothing of it is in this answer yet");
                    break;
                case "postgres" or "sqlite" when Reachable(store, identities):
                    try
                    {
                        var connector = references.Sql(manifest, step.Datastore, store);
                        var chosen = step.ChosenJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(step.ChosenJson);
                        await connector.ReadAsync(identities, row => package.AddAsync(step.Datastore, row, connector.FilesRoot, cancellationToken), cancellationToken, chosen);
                    }
                    catch (AmbiguousPerson e)
                    {
                        package.Note($"{step.Datastore}: the identities given match {e.Candidates.Count} people in {e.Collection}; nothing of theirs is in this answer until the agent chooses");
                    }
                    catch (Exception e) when (e is System.Data.Common.DbException or DatastoreProblem or TimeoutException)
                    {
                        if (complete)
                        {
                            // The person's answer is never sent with a datastore missing: it waits until every one can be read.
                            return new Unavailable($"{step.Datastore} could not be read ({e.GetType().Name}); the answer is made when it can be.");
                        }

                        package.Note($"{step.Datastore}: could not be read now ({e.GetType().Name}); ask again later");
                    }

                    break;
                case "webhook" when step.ResultJson is not null:
                    foreach (var (collection, rows) in JsonSerializer.Deserialize<Dictionary<string, List<Dictionary<string, JsonElement>>>>(step.ResultJson)!)
                    {
                        await package.AddRowsAsync(step.Datastore, collection,
                            rows.Select(r => (IReadOnlyDictionary<string, object?>)r.ToDictionary(v => v.Key, v => (object?)Scalar(v.Value))), cancellationToken);
                    }

                    break;
                case "webhook" or "manual" when step.Status != StepStatus.Done:
                    package.Note($"{step.Datastore}: not answered yet ({step.Status})");
                    break;
                case "manual":
                    package.Note($"{step.Datastore}: looked up by hand: {step.Note}");
                    break;
            }
        }

        // Audited before a byte leaves: if the log cannot be written, the data is not handed out.
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestAnswerRead, tenant.Id, $"request:{id}", new Dictionary<string, string?>
        {
            ["kind"] = view.Request.Type,
            ["rows"] = package.Counts.Values.Sum().ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        foreach (var (name, content) in documents?.Invoke(manifest, package.Counts, package.Notes) ?? [])
        {
            package.AddDocument(name, content);
        }

        await package.WriteZipAsync(output, time.GetUtcNow(), cancellationToken);
        return new AnswerWritten(package.Counts);
    }

    /// <summary>Whether any of the identities can find rows in the datastore (a composite counts only whole).</summary>
    public static bool Reachable(Datastore store, IReadOnlyCollection<Identity> identities) =>
        store.Kind is "webhook" or "manual"
            ? store.Collections.SelectMany(c => c.Fields).Any(f => f.Identifies is not null && identities.Any(i => i.Type == f.Identifies))
            : WalkPlan.For("", store, identities).Steps.Count > 0;

    internal static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The agent chooses which of the people the identities matched the request is about (never several: two people are
    /// never merged). The step runs again for that row alone; the choice and who made it are audited.
    /// </summary>
    public async Task<Outcome<RequestStep>> ChoosePersonAsync(
        Tenant tenant, AuditActor actor, Guid requestId, Guid stepId, string? collection, string? key, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var step = await db.RequestSteps.SingleOrDefaultAsync(s => s.Id == stepId && s.RequestId == requestId, cancellationToken);
        if (step is null)
        {
            return new NotFound("Step", stepId.ToString());
        }

        var candidates = AmbiguousCandidates(step);
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
        step.Status = StepStatus.Pending;
        step.LastError = null;
        step.OutcomeJson = null;
        step.NextAttemptAt = time.GetUtcNow().UtcDateTime;
        // The steps that waited for this choice go on too (each asks again whether every datastore now has one person).
        foreach (var waiting in await db.RequestSteps.Where(s => s.RequestId == requestId && s.Id != stepId && s.Status == StepStatus.Pending).ToListAsync(cancellationToken))
        {
            if (StepOutcome.Read(waiting.OutcomeJson)?.WaitsForChoiceIn == step.Datastore)
            {
                waiting.Status = StepStatus.Pending;
                waiting.LastError = null;
                waiting.OutcomeJson = null;
                waiting.NextAttemptAt = step.NextAttemptAt;
            }
        }

        await UpdateProgressAsync(db, step.RequestId, time.GetUtcNow().UtcDateTime, cancellationToken);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestPersonChosen, tenant.Id, $"request:{requestId}",
            new Dictionary<string, string?> { ["datastore"] = step.Datastore, ["collection"] = collection, ["key"] = key }), cancellationToken);
        return step;
    }

    /// <summary>The people a step's identities matched when it stopped for the agent to choose, or null.</summary>
    public static AmbiguousMatch? AmbiguousCandidates(RequestStep step) => StepOutcome.Read(step.OutcomeJson)?.Ambiguous;

    /// <summary>
    /// Moves a request that is being carried out to where its steps are: completed when every step is done, awaiting
    /// external steps while a system or a person has one, otherwise in progress. Added to the caller's unit of work;
    /// steps the caller changed count as changed (EF hands back the tracked ones).
    /// </summary>
    internal static async Task UpdateProgressAsync(LetheDbContext db, Guid requestId, DateTime now, CancellationToken cancellationToken)
    {
        var request = await db.Requests.IgnoreQueryFilters().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (request.Status is not (RequestStatus.InProgress or RequestStatus.AwaitingExternal))
        {
            return;
        }

        var steps = await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == requestId).ToListAsync(cancellationToken);
        if (steps.All(s => s.Status == StepStatus.Done))
        {
            request.Status = RequestStatus.Completed;
            request.CompletedAt ??= now;
            request.ClosedAt ??= now;
        }
        else
        {
            request.Status = steps.Any(s => s.Status == StepStatus.Waiting) ? RequestStatus.AwaitingExternal : RequestStatus.InProgress;
        }
    }

    private static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
