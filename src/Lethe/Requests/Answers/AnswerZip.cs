using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;

namespace Lethe.Requests.Answers;

/// <summary>What an answer ZIP held: rows per system.datastore.collection.</summary>
public sealed record AnswerWritten(IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// The answer to an access or portability request as a ZIP, made when it is asked for: the SQL datastores are read
/// again (so no copy of the person's data is kept in Lethe), webhook systems' stored answers are added, and manual
/// tasks are listed.
/// </summary>
public sealed class AnswerZip(LetheDbContext db, RequestQueries queries, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>Writes the ZIP to <paramref name="output"/>, audited before a byte of it is written.</summary>
    /// <param name="documents">Documents for the top of the ZIP, made once the rows are read (the report names what was found).</param>
    /// <param name="complete">
    /// Whether the answer must hold every datastore (the person's package) or may note one that cannot be read now (an
    /// officer's look): with it, a datastore that cannot be read fails the whole answer with <see cref="Unavailable"/>.
    /// </param>
    public async Task<Outcome<AnswerWritten>> WriteAsync(
        Tenant tenant, AuditActor actor, Guid id, Stream output, CancellationToken cancellationToken,
        Func<Manifest, IReadOnlyDictionary<string, int>, IReadOnlyList<string>, IEnumerable<(string Name, string Content)>>? documents = null,
        bool complete = false)
    {
        if (await queries.FindAsync(tenant, id, cancellationToken) is not { } view)
        {
            return new NotFound("Request", id.ToString());
        }

        if (view.Request.Type is not (RequestType.Access or RequestType.Portability))
        {
            return new Conflict($"A {view.Request.Type.ToWire()} request has no answer package; only access and portability requests do.");
        }

        if (await dataMap.CurrentManifestAsync(tenant, cancellationToken) is not { } manifest)
        {
            return new Conflict($"{tenant.Name} has no data map.");
        }

        var kind = view.Request.Type == RequestType.Access ? AnswerKind.Access : AnswerKind.Portability;
        await using var contents = new AnswerContents(manifest, kind);
        var identities = Identity.Searchable(view.Identities);
        var references = await connections.ForTenantAsync(db, tenant.Id, cancellationToken);
        foreach (var step in view.Steps)
        {
            if (step.IsForwarded)
            {
                // The processor's part reaches the person only as the agent wrote it on closing the step.
                if (step.Status != StepStatus.Done)
                {
                    contents.Note($"{step.ForwardedTo}: not answered yet ({step.Status})");
                }
                else if (step.NoteToPerson is not null)
                {
                    contents.Note($"{step.ForwardedTo}: {step.NoteToPerson}");
                }

                continue;
            }

            var store = manifest.FindDatastore(step.Datastore);
            if (store is null)
            {
                contents.Note($"{step.Datastore}: no longer in the data map");
                continue;
            }

            switch (step.Connector)
            {
                case { IsSql: true } when step.Status == StepStatus.Waiting || StepOutcome.Read(step.OutcomeJson)?.WaitsForChoiceIn is not null:
                    contents.Note($"{step.Datastore}: waiting for the agent to choose which of several people the request is about; nothing of it is in this answer yet");
                    break;
                case { IsSql: true } when Reachability.Reachable(store, identities):
                    try
                    {
                        var connector = references.Sql(manifest, step.Datastore, store);
                        var chosen = step.ChosenJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(step.ChosenJson);
                        await connector.ReadAsync(identities, row => contents.AddAsync(step.Datastore, row, connector.FilesRoot, cancellationToken), cancellationToken, chosen);
                    }
                    catch (AmbiguousPerson e)
                    {
                        contents.Note($"{step.Datastore}: the identities given match {e.Candidates.Count} people in {e.Collection}; nothing of theirs is in this answer until the agent chooses");
                    }
                    catch (Exception e) when (e is System.Data.Common.DbException or DatastoreProblem or TimeoutException)
                    {
                        if (complete)
                        {
                            // The person's answer is never sent with a datastore missing: it waits until every one can be read.
                            return new Unavailable($"{step.Datastore} could not be read ({e.GetType().Name}); the answer is made when it can be.");
                        }

                        contents.Note($"{step.Datastore}: could not be read now ({e.GetType().Name}); ask again later");
                    }

                    break;
                case { IsWebhook: true } when step.ResultJson is not null:
                    foreach (var (collection, rows) in JsonSerializer.Deserialize<Dictionary<string, List<Dictionary<string, JsonElement>>>>(step.ResultJson)!)
                    {
                        await contents.AddRowsAsync(step.Datastore, collection,
                            rows.Select(r => (IReadOnlyDictionary<string, object?>)r.ToDictionary(v => v.Key, v => (object?)Scalar(v.Value))), cancellationToken);
                    }

                    break;
                case { IsSql: false } when step.Status != StepStatus.Done:
                    contents.Note($"{step.Datastore}: not answered yet ({step.Status})");
                    break;
                // Only what the agent wrote for the person goes into the answer; the internal note stays in the console.
                case { IsManual: true } when step.NoteToPerson is not null:
                    contents.Note($"{AnswerReport.SystemName(manifest, step.Datastore, view.Request.Language)}: {step.NoteToPerson}");
                    break;
            }
        }

        // Audited before a byte leaves: if the log cannot be written, the data is not handed out.
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.RequestAnswerRead, tenant.Id, $"request:{id}", new Dictionary<string, string?>
        {
            ["kind"] = view.Request.Type.ToWire(),
            ["rows"] = contents.Counts.Values.Sum().ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        foreach (var (name, content) in documents?.Invoke(manifest, contents.Counts, contents.Notes) ?? [])
        {
            contents.AddDocument(name, content);
        }

        await contents.WriteZipAsync(output, time.GetUtcNow(), cancellationToken);
        return new AnswerWritten(contents.Counts);
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
