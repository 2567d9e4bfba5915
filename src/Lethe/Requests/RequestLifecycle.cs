using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// Moves a request through its life: the identity check recorded, the approval that lets the engine start, a rejection
/// with the reason the person is told, a withdrawal, the assignee. Every move is checked against
/// <see cref="RequestStatus"/>, audited, and (through <see cref="RequestMessages"/>) told to the person where the law
/// or common courtesy asks.
/// </summary>
public sealed class RequestLifecycle(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, SuppressionList suppression, RequestMessages messages,
    OwnRecordsErasure ownRecords)
{
    /// <summary>Records how the person's identity was confirmed: an agent's evidence, or the privacy centre's e-mail link.</summary>
    public async Task<Outcome<DataRequest>> VerifyAsync(Tenant tenant, AuditActor actor, Guid id, string? evidence, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(evidence) || evidence.Length > RequestInput.MaxTextLength)
        {
            return InvalidInput.For("evidence", $"Say how the identity was checked (e.g. \"extension 214 and full name confirmed in writing\"), in at most {RequestInput.MaxTextLength} characters.");
        }

        // "CPR checked" is evidence; the CPR number itself is not, and would be kept with the request.
        if (Scanning.TextGuard.Refusal(evidence) is { } refused)
        {
            return InvalidInput.For("evidence", refused);
        }

        var found = await MoveAsync(tenant, id, request =>
        {
            // The agent's check covers the request as the person made it: every identity they gave is searched by.
            var refused = request.Verify(evidence.Trim(), actor.Name, time.GetUtcNow().UtcDateTime);
            if (refused is null)
            {
                request.MarkIdentitiesChecked();
            }

            return refused;
        }, ct);
        if (!found.Succeeded)
        {
            return found;
        }

        var request = found.Value;
        // The evidence may name documents the person showed; the audit keeps that it was checked, not what was seen.
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestVerified, tenant.Id, $"request:{id}"), ct);
        return request;
    }

    /// <summary>
    /// Lets the engine start: plans one step per datastore of the data map in force now, or for an objection or a
    /// withdrawal of consent puts the person's addresses on the suppression list and completes the request.
    /// </summary>
    /// <param name="asController">
    /// The approver acts for the controller. A tenant the company serves as processor (<see cref="Tenant.ControllerApproves"/>)
    /// takes approval only from its controller; the company's own staff may verify and prepare, not approve.
    /// </param>
    public async Task<Outcome<RequestView>> ApproveAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct, bool asController = true)
    {
        if (tenant.ControllerApproves && !asController)
        {
            return new NotAllowed($"{tenant.Name}'s requests are approved by its controller: a customer admin of {tenant.Name} approves them in the console.");
        }

        if (await dataMap.InForceAsync(tenant, ct) is not { } inForce)
        {
            return new Conflict($"{tenant.Name} has no data map in force; import one before approving requests.");
        }

        scope.Enter(tenant.Id);
        if (await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is not { } peek)
        {
            return new NotFound("Request", id.ToString());
        }

        var open = RequestStatus.Open;
        if (RequestType.Changes(peek.Type) && peek.GroupId is { } group
            && await db.Requests.AsNoTracking().AnyAsync(r => r.GroupId == group && (r.Type == RequestType.Access || r.Type == RequestType.Portability)
                && (open.Contains(r.Status) || (r.Status == RequestStatus.Completed && !db.StoredAnswers.Any(a => a.RequestId == r.Id))), ct))
        {
            // Asked together, answered in order: changing the data first would empty the copy the person also asked for.
            return new Conflict("The person also asked for a copy of their data: approve that request first and let its answer be made, then this one.");
        }

        var identities = peek.SearchIdentities();
        var suppressed = 0;
        if (!RequestType.RunsInDatastores(peek.Type) && RequestStatus.CanMove(peek.Status, RequestStatus.InProgress))
        {
            // Read before anything else changes: the suppression key may be made and saved on first use.
            suppressed = await suppression.AddAsync(tenant, identities.Select(i => (i.Type, i.Value)),
                peek.Type == RequestType.Objection ? SuppressionList.Objection : SuppressionList.Withdrawal, id, ct);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var moved = await MoveAsync(tenant, id, request => request.Approve(actor.Name, now, inForce.Revision.Revision), ct);
        if (!moved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return moved.Failure;
        }

        var request = moved.Value;
        // Sub-processors announced to customers and not yet in effect hold none of their data: nothing is forwarded to them.
        var announced = await SubProcessorNotices.PendingAsync(db, now, ct);
        var steps = RequestType.RunsInDatastores(request.Type)
            ? Plan(inForce.Manifest, request, identities, now, Deadline.ReceivedOn(time.GetUtcNow(), tenant.Country), announced)
            : [];
        db.RequestSteps.AddRange(steps);
        if (request.Type == RequestType.Restriction)
        {
            db.Restrictions.Add(new Restriction { TenantId = tenant.Id, RequestId = request.Id, IdentitiesJson = JsonSerializer.Serialize(identities), CreatedAt = now });
        }

        if (steps.All(s => s.Status == StepStatus.Done))
        {
            // Nothing left for the worker (no datastore reached, or a right Lethe carries out itself).
            request.Complete(now);
        }

        var approved = new AuditEvent(actor, AuditActions.RequestApproved, tenant.Id, $"request:{id}", new Dictionary<string, string?>
        {
            ["steps"] = steps.Count.ToString(CultureInfo.InvariantCulture),
            ["suppressed"] = RequestType.RunsInDatastores(request.Type) ? null : suppressed.ToString(CultureInfo.InvariantCulture),
            ["dataMapRevision"] = request.DataMapRevision.ToString(CultureInfo.InvariantCulture),
            ["byController"] = tenant.ControllerApproves ? "true" : null,
        });
        // Each forwarding is a step of its own in the log: to whom, and by when the processor is to confirm.
        await audit.SaveChangesAsync([approved, .. steps.Where(s => s.IsForwarded).Select(s => new AuditEvent(actor, AuditActions.RequestForwarded, tenant.Id,
            $"request:{id}", new Dictionary<string, string?>
            {
                ["datastore"] = s.Datastore,
                ["forwardedTo"] = s.ForwardedTo,
                ["dueOn"] = s.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }))], ct);
        if (request.Type == RequestType.Erasure)
        {
            // Lethe's own records of the person go with the approval; the datastores follow as the worker runs the steps.
            await ownRecords.EraseAsync(tenant, actor, request, ct);
        }
        return new RequestView(request, steps);
    }

    /// <summary>Refuses the request with the reason the person is told (Art. 12(4): with the right to complain).</summary>
    public async Task<Outcome<DataRequest>> RejectAsync(Tenant tenant, AuditActor actor, Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > RequestInput.MaxTextLength)
        {
            return InvalidInput.For("reason", $"Give the reason the person is told (e.g. \"we could not verify your identity\"), in at most {RequestInput.MaxTextLength} characters.");
        }

        // The reason is kept with the request and mailed to the person: no place for a card or national identity number.
        if (Scanning.TextGuard.Refusal(reason) is { } refused)
        {
            return InvalidInput.For("reason", refused);
        }

        var moved = await MoveAsync(tenant, id, request => request.Reject(reason.Trim(), time.GetUtcNow().UtcDateTime), ct);
        if (!moved.Succeeded)
        {
            return moved;
        }

        var request = moved.Value;
        messages.Rejected(tenant, request);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestRejected, tenant.Id, $"request:{id}"), ct);
        return request;
    }

    /// <summary>The person took the request back before the work started.</summary>
    public async Task<Outcome<DataRequest>> WithdrawAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        var moved = await MoveAsync(tenant, id, request => request.Withdraw(time.GetUtcNow().UtcDateTime), ct);
        if (!moved.Succeeded)
        {
            return moved;
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestWithdrawn, tenant.Id, $"request:{id}"), ct);
        return moved;
    }

    /// <summary>
    /// The agent's decision on a correction the person described in words: the exact values to set by data category
    /// (checked against the data map in force), or that it needs a manual step and what that step is. Audited with the
    /// categories, never the values.
    /// </summary>
    public async Task<Outcome<DataRequest>> ConfirmCorrectionAsync(
        Tenant tenant, AuditActor actor, Guid id, IReadOnlyDictionary<string, string>? changes, string? byHand, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var exact = changes is { Count: > 0 } ? changes.ToDictionary(c => c.Key.Trim(), c => c.Value, StringComparer.Ordinal) : null;
        if (exact is null && string.IsNullOrWhiteSpace(byHand))
        {
            errors.Add("changes", "Give the corrected value for at least one data category, or say what is to be done by hand.");
        }
        else if (exact is not null && !string.IsNullOrWhiteSpace(byHand))
        {
            errors.Add("byHand", "Either the exact values are corrected by Lethe or the correction is done by hand, not both.");
        }
        else if (byHand is { Length: > Correction.MaxLength })
        {
            errors.Add("byHand", $"Say what is to be done by hand in at most {Correction.MaxLength} characters.");
        }

        if (exact is not null)
        {
            if (await dataMap.InForceAsync(tenant, ct) is not { } inForce)
            {
                return new Conflict($"{tenant.Name} has no data map in force; import one before confirming corrections.");
            }

            RequestInput.ChangeErrors(errors, "changes", exact, RequestInput.HeldCategories(inForce.Manifest));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var moved = await MoveAsync(tenant, id, request => request.ConfirmCorrection(exact, byHand?.Trim(), actor.Name, time.GetUtcNow().UtcDateTime), ct);
        if (!moved.Succeeded)
        {
            return moved;
        }

        // The correction is carried out as confirmed: refused if the request moved on (was rejected, say) meanwhile.
        db.ExpectUnmoved(moved.Value!);

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestCorrectionConfirmed, tenant.Id, $"request:{id}", new Dictionary<string, string?>
        {
            ["categories"] = exact is null ? null : string.Join(",", exact.Keys.Order(StringComparer.Ordinal)),
            ["byHand"] = exact is null ? "true" : null,
        }), ct);
        return moved;
    }

    /// <summary>Gives the request to an agent (null: to nobody); the assignee is reminded before the deadline.</summary>
    public async Task<Outcome<DataRequest>> AssignAsync(Tenant tenant, AuditActor actor, Guid id, string? assignee, CancellationToken ct)
    {
        if (assignee is { Length: > 256 } || (assignee is not null && !assignee.Contains('@', StringComparison.Ordinal)))
        {
            return InvalidInput.For("assignee", "Give the e-mail address of the person who handles the request, or nothing to unassign.");
        }

        scope.Enter(tenant.Id);
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request)
        {
            return new NotFound("Request", id.ToString());
        }

        if (!RequestStatus.IsOpen(request.Status))
        {
            return new Conflict($"The request is {RequestStatus.Describe(request.Status)}; there is nothing left to assign.");
        }

        request.Assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim().ToLowerInvariant();
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestAssigned, tenant.Id, $"request:{id}",
            new Dictionary<string, string?> { ["assignee"] = request.Assignee }), ct);
        return request;
    }

    /// <summary>
    /// The agent checked the identities the person gave beside their confirmed address (a name, a phone number), and
    /// says how: from now on the request searches by them too. Only before approval, when the steps are not yet planned.
    /// </summary>
    public async Task<Outcome<DataRequest>> CheckIdentitiesAsync(Tenant tenant, AuditActor actor, Guid id, string? evidence, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(evidence) || evidence.Length > RequestInput.MaxTextLength)
        {
            return InvalidInput.For("evidence", $"Say how the other identities were checked (e.g. \"phone number confirmed by calling it\"), in at most {RequestInput.MaxTextLength} characters.");
        }

        if (Scanning.TextGuard.Refusal(evidence) is { } refused)
        {
            return InvalidInput.For("evidence", refused);
        }

        scope.Enter(tenant.Id);
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request)
        {
            return new NotFound("Request", id.ToString());
        }

        // Before the link is followed there is no check to add to (verifying by hand covers every identity); after
        // approval the search was planned with the identities checked then.
        if (request.Status != RequestStatus.Verified)
        {
            return new Conflict($"The request is {RequestStatus.Describe(request.Status)}: identities are checked here once the address is confirmed and before approval.");
        }

        if (!request.HasUncheckedIdentities)
        {
            return new Conflict("Every identity of this request is already checked.");
        }

        // Kept with the evidence already recorded, within its column: the separator's two characters counted.
        static int Room(DataRequest r) => RequestInput.MaxTextLength - (r.VerificationEvidence is { } earlier ? earlier.Length + 2 : 0);
        var said = evidence.Trim();
        if (said.Length > Room(request))
        {
            return InvalidInput.For("evidence", $"Say it in at most {Math.Max(Room(request), 0)} characters: it is kept with the evidence already recorded.");
        }

        // The person gave the identities once for every right asked together: one check covers the requests of the
        // group still waiting for approval, so an access answer and its erasure search by the same identities.
        var together = request.GroupId is { } group
            ? await db.Requests.Where(r => r.GroupId == group && r.Id != id && r.Status == RequestStatus.Verified).ToListAsync(ct)
            : [];
        var checkedNow = new List<AuditEvent>();
        foreach (var r in together.Where(r => r.HasUncheckedIdentities && said.Length <= Room(r)).Prepend(request))
        {
            var types = string.Join(",", r.Identities().Where(i => i.Unverified).Select(i => i.Type));
            r.MarkIdentitiesChecked();
            r.AddVerificationEvidence(said);
            checkedNow.Add(new AuditEvent(actor, AuditActions.RequestIdentitiesChecked, tenant.Id, $"request:{r.Id}", new Dictionary<string, string?> { ["types"] = types }));
        }

        // The steps are planned with the identities checked when the request is approved: refused if it was approved
        // (or moved otherwise) since it was read here, so no request's steps disagree about who the person is.
        foreach (var r in together.Prepend(request))
        {
            db.ExpectUnmoved(r);
        }

        await audit.SaveChangesAsync(checkedNow, ct);
        return request;
    }

    /// <summary>
    /// One step per datastore, those none of the identities reach done at once, saying so; and one per processor the
    /// request is forwarded to (<see cref="Forwarding"/>), waiting for a person from the start, due by its own day.
    /// </summary>
    internal static List<RequestStep> Plan(
        Manifest manifest, DataRequest request, IReadOnlyCollection<Identity> identities, DateTime now, DateOnly today, IReadOnlyList<AnnouncedChange> announced)
    {
        var steps = new List<RequestStep>();
        var byHand = request.Type == RequestType.Rectification && request.Correction?.ByHand is not null;
        foreach (var system in manifest.Systems)
        {
            foreach (var store in system.Datastores)
            {
                var step = new RequestStep
                {
                    TenantId = request.TenantId, RequestId = request.Id, Datastore = $"{system.Key}.{store.Key}", NextAttemptAt = now,
                    // A correction the agent decided to make by hand is a task in every datastore that may hold the person.
                    Connector = byHand ? DatastoreKind.Manual : store.Kind,
                };
                if (!Reachability.Reachable(store, identities))
                {
                    // Said, not skipped silently: the officer can see that the datastore was considered.
                    step.Complete(now);
                    step.OutcomeJson = new StepOutcome { Note = "not searched: none of the given identities is kept in this datastore" }.ToJson();
                }

                steps.Add(step);
            }
        }

        foreach (var recipient in Forwarding.Recipients(manifest, identities, announced, now))
        {
            steps.Add(Forwarded(request, recipient, Forwarding.DueOn(today, request.DueOn)));
        }

        return steps;
    }

    /// <summary>
    /// The request forwarded to a processor: a manual step no worker runs, waiting from the start for the person who
    /// forwards it and closes it when the processor confirms, with what the processor receives as its checklist.
    /// </summary>
    private static RequestStep Forwarded(DataRequest request, ForwardedTo recipient, DateOnly dueOn)
    {
        var processor = recipient.Processor;
        var step = new RequestStep
        {
            TenantId = request.TenantId, RequestId = request.Id, Datastore = Forwarding.StepName(processor.Key), Connector = DatastoreKind.Manual,
            // A data map's names have no length limit; the column has, and the key in Datastore says who it is in full.
            ForwardedTo = processor.Name.Length > LetheDbContext.Limits.Name ? processor.Name[..LetheDbContext.Limits.Name] : processor.Name,
            DueOn = dueOn,
        };
        List<string> checklist = [$"Forward the {request.Type.ToWire()} request to {processor.Name} by {dueOn:yyyy-MM-dd}; close this step when they confirm it is carried out."];
        checklist.AddRange(recipient.Activities.Select(a => $"{a.Key}: {string.Join(", ", a.Categories)}"));
        step.OutcomeJson = new StepOutcome { Checklist = checklist }.ToJson();
        step.Wait();
        return step;
    }

    /// <summary>Finds the request and makes the move, which the request itself refuses when its rules forbid it.</summary>
    private async Task<Outcome<DataRequest>> MoveAsync(Tenant tenant, Guid id, Func<DataRequest, Conflict?> move, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request)
        {
            return new NotFound("Request", id.ToString());
        }

        return move(request) is { } refused ? refused : request;
    }
}
