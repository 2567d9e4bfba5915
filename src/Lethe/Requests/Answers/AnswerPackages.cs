using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests.Answers;

/// <summary>
/// The answers people fetch through their link: made when a request completes (the readable report in the person's
/// language and, for access and portability, the data itself), encrypted under a key of their own, downloadable for
/// <see cref="Lifetime"/>, and then deleted together with the key.
/// </summary>
public sealed class AnswerPackages(
    LetheDbContext db, TenantScope scope, AnswerZip answers, DataMapCommands dataMap, RequestMessages messages, AuditLog audit,
    StorageSettings storage, IDataProtectionProvider protection, TimeProvider time, Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    // The packages' keys stored so far are protected under this purpose: it stays as it is wherever the class moves.
    private const string Purpose = "Lethe.Requests.AnswerPackages";

    private static readonly AuditActor Worker = new("system", null, "lethe worker");

    /// <summary>The person holding a status link, as the audit log names them.</summary>
    public static readonly AuditActor Person = new("person", null, "the person, by their link");

    /// <summary>
    /// Completed requests that have no package yet, newest first. One whose package keeps failing stays due however long
    /// ago it closed, until it is made or given up on: the person's status page says Lethe keeps trying.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Lifetime;
        return await db.Requests.IgnoreQueryFilters()
            .Where(r => r.Status == RequestStatus.Completed && (r.ClosedAt > since || db.PackageFailures.IgnoreQueryFilters().Any(f => f.RequestId == r.Id)))
            .Where(r => !db.StoredAnswers.IgnoreQueryFilters().Any(a => a.RequestId == r.Id))
            .Where(r => !db.PackageFailures.IgnoreQueryFilters().Any(f => f.RequestId == r.Id && (f.GaveUpAt != null || f.NextAttemptAt > now)))
            .Where(r => r.PackageLeasedUntil == null || r.PackageLeasedUntil < now)
            .OrderBy(r => r.ClosedAt).Select(r => r.Id).Take(20).ToListAsync(ct);
    }

    /// <summary>
    /// Takes the making of one package for <see cref="WorkerOptions.StepLease"/>, with a conditional update as request steps
    /// are leased: every server woken by one notification finds the same request due, and only one may make its package.
    /// The lease is not given back once the package is stored (the stored answer is the lasting claim); a failure gives
    /// it back with the failure, whose backoff then holds the next attempt.
    /// </summary>
    /// <returns>Whether this worker makes the package; false when another does or did, or it waits for its backoff.</returns>
    public async Task<bool> ClaimAsync(Guid requestId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Requests.IgnoreQueryFilters()
            .Where(r => r.Id == requestId && r.Status == RequestStatus.Completed && (r.PackageLeasedUntil == null || r.PackageLeasedUntil < now))
            .Where(r => !db.StoredAnswers.IgnoreQueryFilters().Any(a => a.RequestId == r.Id))
            .Where(r => !db.PackageFailures.IgnoreQueryFilters().Any(f => f.RequestId == r.Id && (f.GaveUpAt != null || f.NextAttemptAt > now)))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PackageLeasedUntil, now + options.Value.StepLease), ct);
        return claimed == 1;
    }

    /// <summary>Makes, encrypts and stores the package of a completed request, and tells the person it is ready.</summary>
    public async Task<Outcome<StoredAnswer>> BuildAsync(Guid requestId, CancellationToken ct)
    {
        var request = await db.Requests.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == requestId, ct);
        scope.Enter(request.TenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == request.TenantId, ct);
        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest)
        {
            return new Conflict($"{tenant.Name} has no data map.");
        }

        var now = time.GetUtcNow();
        var plainPath = Path.Combine(Path.GetTempPath(), $"lethe-package-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var plain = new FileStream(plainPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var written = await WritePlainAsync(tenant, manifest, request, plain, now, Worker, ReadAs.Package, ct);
                if (!written.Succeeded)
                {
                    return written.Failure;
                }
            }

            var key = PackageCipher.NewKey();
            // A name of its own per attempt: a second worker (one whose lease ran out) never overwrites a package stored.
            var relative = Path.Combine("packages", tenant.Id.ToString("N"), $"{request.Id:N}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}.bin");
            var full = Path.Combine(storage.DataDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await using (var plain = File.OpenRead(plainPath))
            await using (var cipher = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await PackageCipher.EncryptAsync(plain, cipher, key, ct);
            }

            var stored = new StoredAnswer
            {
                TenantId = tenant.Id,
                RequestId = request.Id,
                Path = relative,
                // The key is itself encrypted with the data protection keys, so the database alone opens nothing.
                Key = protection.CreateProtector(Purpose).Protect(key),
                Size = new FileInfo(full).Length,
                CreatedAt = now.UtcDateTime,
                ExpiresAt = now.UtcDateTime + Lifetime,
            };
            db.StoredAnswers.Add(stored);
            if (await db.PackageFailures.SingleOrDefaultAsync(f => f.RequestId == request.Id, ct) is { } failure)
            {
                db.PackageFailures.Remove(failure);
            }

            messages.Completed(tenant, await db.Requests.SingleAsync(r => r.Id == request.Id, ct));
            try
            {
                await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.RequestPackageStored, tenant.Id, $"request:{request.Id}", new Dictionary<string, string?>
                {
                    ["bytes"] = stored.Size.ToString(CultureInfo.InvariantCulture),
                    ["expiresAt"] = stored.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                }), ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another worker stored it first (this one's lease had run out): that package stands, with its one mail.
                File.Delete(full);
                db.ChangeTracker.Clear();
                return await db.StoredAnswers.SingleAsync(a => a.RequestId == request.Id, ct);
            }

            return stored;
        }
        finally
        {
            File.Delete(plainPath);
        }
    }

    /// <summary>
    /// The decrypted package for the holder of a status link, spooled to a temporary file deleted on close; every
    /// download is audited before a byte leaves.
    /// </summary>
    public async Task<Outcome<(Stream Zip, string FileName)>> OpenAsync(Tenant tenant, Guid requestId, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var stored = await db.StoredAnswers.SingleOrDefaultAsync(a => a.RequestId == requestId, ct);
        if (stored is null || stored.Key is null || stored.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return new NotFound("Answer", requestId.ToString());
        }

        stored.Downloads++;
        await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestPackageDownloaded, tenant.Id, $"request:{requestId}",
            new Dictionary<string, string?> { ["download"] = stored.Downloads.ToString(CultureInfo.InvariantCulture) }), ct);
        var plain = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await using var cipher = File.OpenRead(Path.Combine(storage.DataDirectory, stored.Path));
            await PackageCipher.DecryptAsync(cipher, plain, protection.CreateProtector(Purpose).Unprotect(stored.Key), ct);
        }
        catch
        {
            await plain.DisposeAsync();
            throw;
        }

        plain.Position = 0;
        return (plain, $"{tenant.Slug}-answer-{requestId:N}.zip");
    }

    /// <summary>
    /// Counts a failed attempt at making the package: tried again with backoff, given up on after the last attempt. The
    /// person's status page then says the answer is delayed and the deadline it is kept by.
    /// </summary>
    public async Task RecordFailureAsync(Guid requestId, string reason, CancellationToken ct)
    {
        var request = await db.Requests.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == requestId, ct);
        scope.Enter(request.TenantId);
        var now = time.GetUtcNow().UtcDateTime;
        var failure = await db.PackageFailures.SingleOrDefaultAsync(f => f.RequestId == requestId, ct);
        if (failure is null)
        {
            failure = new PackageFailure { RequestId = requestId, TenantId = request.TenantId, FirstFailedAt = now, LastError = reason };
            db.PackageFailures.Add(failure);
        }

        failure.Attempts++;
        failure.LastError = reason.Length > 1000 ? reason[..1000] : reason;
        var givesUp = options.Value.GivesUp(failure.Attempts);
        failure.NextAttemptAt = givesUp ? null : now + Backoff.After(failure.Attempts);
        failure.GaveUpAt = givesUp ? now : null;
        // The claim goes back with the failure: the backoff holds the next attempt now.
        (await db.Requests.SingleAsync(r => r.Id == requestId, ct)).PackageLeasedUntil = null;
        await audit.SaveChangesAsync(new AuditEvent(Worker, givesUp ? AuditActions.RequestPackageGaveUp : AuditActions.RequestPackageFailed,
            request.TenantId, $"request:{requestId}", new Dictionary<string, string?>
            {
                ["attempt"] = failure.Attempts.ToString(CultureInfo.InvariantCulture),
                ["reason"] = failure.LastError,
            }), ct);
    }

    public async Task<StoredAnswer?> FindAsync(Tenant tenant, Guid requestId, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.StoredAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.RequestId == requestId, ct);
    }

    /// <summary>Deletes expired packages and their keys.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expired = await db.StoredAnswers.IgnoreQueryFilters().Where(a => a.DeletedAt == null && a.ExpiresAt <= now).OrderBy(a => a.ExpiresAt).Take(200).ToListAsync(ct);
        foreach (var stored in expired)
        {
            // The file goes first: a key without its file is harmless, a file without its key is unreadable — both are erased.
            var full = Path.Combine(storage.DataDirectory, stored.Path);
            if (File.Exists(full))
            {
                File.Delete(full);
            }

            stored.Key = null;
            stored.DeletedAt = now;
            await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.RequestPackageExpired, stored.TenantId, $"request:{stored.RequestId}"), ct);
        }

        return expired.Count;
    }

    /// <summary>
    /// The answer exactly as the person will receive it, for an officer to read before it is released: the same ZIP
    /// (report.html, report.md and, for access and portability, the data, read now and audited as read by
    /// <paramref name="actor"/>), written to <paramref name="output"/>, with the report's Markdown returned to show.
    /// A datastore that cannot be read now is noted in the preview instead of failing it.
    /// </summary>
    public async Task<Outcome<AnswerPreview>> PreviewAsync(Tenant tenant, AuditActor actor, Guid requestId, Stream output, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null)
        {
            return new NotFound("Request", requestId.ToString());
        }

        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest)
        {
            return new Conflict($"{tenant.Name} has no data map.");
        }

        var written = await WritePlainAsync(tenant, manifest, request, output, time.GetUtcNow(), actor, ReadAs.Preview, ct);
        return written.Succeeded ? new AnswerPreview(AnswerReport.Title(request), request.Language, written.Value) : written.Failure;
    }

    private enum ReadAs
    {
        /// <summary>The person's package: every datastore must be read, or none of it is sent.</summary>
        Package,

        /// <summary>An officer's look before release: what cannot be read now is noted.</summary>
        Preview,
    }

    /// <returns>The report's Markdown.</returns>
    private async Task<Outcome<string>> WritePlainAsync(
        Tenant tenant, Manifest manifest, DataRequest request, Stream output, DateTimeOffset now, AuditActor reader, ReadAs readAs, CancellationToken ct)
    {
        var title = AnswerReport.Title(request);
        if (request.Type is RequestType.Access or RequestType.Portability)
        {
            var report = "";
            var written = await answers.WriteAsync(tenant, reader, request.Id, output, ct, (m, counts, notes) =>
            {
                report = AnswerReport.Access(m, request, counts, notes, now, tenant.Country);
                return [("report.html", AnswerReport.Html(report, request.Language, title)), ("report.md", report)];
            }, complete: readAs == ReadAs.Package);
            return written.Succeeded ? report : written.Failure;
        }

        string markdown;
        if (request.Type is RequestType.Erasure or RequestType.Rectification or RequestType.Restriction)
        {
            var steps = await db.RequestSteps.AsNoTracking().Where(s => s.RequestId == request.Id).ToListAsync(ct);
            var outcomes = steps.Where(s => s.OutcomeJson is not null).Select(s => Outcome(s.Datastore, s.OutcomeJson!)).ToList();
            // Only what the agent or the processor wrote for the person goes into the report; the internal note stays in the console.
            var notes = steps.Where(s => s.Connector.IsManual && s.NoteToPerson is not null)
                .Select(s => $"{s.ForwardedTo ?? AnswerReport.SystemName(manifest, s.Datastore, request.Language)}: {s.NoteToPerson}").ToList();
            markdown = request.Type switch
            {
                RequestType.Erasure => AnswerReport.Erasure(manifest, request, outcomes,
                    await db.DeferredErasures.AsNoTracking().Where(d => d.RequestId == request.Id).ToListAsync(ct), notes, now, tenant.Country),
                RequestType.Rectification => AnswerReport.Rectification(manifest, request, outcomes, notes, now, tenant.Country),
                _ => AnswerReport.Restriction(manifest, request, outcomes, notes, now, tenant.Country),
            };
        }
        else
        {
            markdown = AnswerReport.Suppressed(manifest, request, now, tenant.Country);
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, content) in new[] { ("report.html", AnswerReport.Html(markdown, request.Language, title)), ("report.md", markdown) })
        {
            await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(ct);
            await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), ct);
        }

        return markdown;
    }

    private static ErasureOutcome Outcome(string datastore, string json)
    {
        var outcome = StepOutcome.Read(json);
        return new ErasureOutcome(datastore, outcome?.Counts ?? [], outcome?.Kept ?? []);
    }
}

/// <summary>The report of an answer as the person will read it: its title, their language and the Markdown it is made from.</summary>
public sealed record AnswerPreview(string Title, string Language, string Markdown);
