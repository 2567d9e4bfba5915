using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;

namespace Lethe.Requests;

/// <summary>
/// Registers data subject requests and starts their clock. Nothing is read or changed in any datastore until the
/// identity is verified and the request approved (<see cref="RequestLifecycle"/>).
/// </summary>
public sealed class RequestRegistration(LetheDbContext db, DataMapCommands dataMap, AuditLog audit, TimeProvider time)
{
    /// <summary>Registers one request.</summary>
    /// <param name="alongside">Work saved in the same transaction as the request, e.g. the verification e-mail.</param>
    public async Task<Outcome<RequestView>> CreateAsync(
        Tenant tenant, AuditActor actor, RequestInput input, CancellationToken cancellationToken, Action<DataRequest>? alongside = null)
    {
        var created = await CreateManyAsync(tenant, actor, [input], cancellationToken, alongside is null ? null : requests => alongside(requests[0]));
        return created.Succeeded ? new RequestView(created.Value[0], []) : created.Failure;
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
            var channel = input.ParseChannel();
            var checkedIdentity = input.IdentityCheck is not null && channel != RequestChannel.PrivacyCentre;
            var request = new DataRequest
            {
                TenantId = tenant.Id,
                Type = input.ParseType(),
                IdentitiesJson = JsonSerializer.Serialize(input.Identities),
                DataMapRevision = inForce.Revision.Revision,
                CreatedAt = now,
                DueOn = Deadline.Due(new DateTimeOffset(now, TimeSpan.Zero), tenant.Country),
                CreatedBy = actor.Name,
                Channel = channel,
                GroupId = input.GroupId,
                Language = input.Language,
                Message = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim(),
            };
            request.Asks(input.Changes, input.Correction is { } correction ? new Correction(correction.Wrong.Trim(), correction.Wanted.Trim()) : null);
            // Every request starts received; from there the first move is legal by the rules, so neither can refuse.
            if (channel == RequestChannel.PrivacyCentre)
            {
                request.AwaitVerification();
            }
            else if (checkedIdentity)
            {
                request.Verify(input.IdentityCheck!.Trim(), actor.Name, now);
            }

            db.Requests.Add(request);
            requests.Add(request);
            events.Add(new AuditEvent(actor, AuditActions.RequestCreated, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
            {
                ["type"] = request.Type.ToWire(),
                ["channel"] = request.Channel.ToWire(),
                ["status"] = request.Status.ToWire(),
                ["group"] = input.GroupId?.ToString(),
                ["identityTypes"] = string.Join(",", input.Identities.Select(i => i.Type)),
                ["dueOn"] = request.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }));
        }

        alongside?.Invoke(requests);
        await audit.SaveChangesAsync(events, cancellationToken);
        return requests;
    }
}
