using System.Security.Cryptography;
using System.Text;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.DataMap;

/// <summary>Importing a tenant's manifest as a new revision, and reading the one in force.</summary>
public sealed class DataMapCommands(
    LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time, DataMapCache cache, RecentReads recent, Lethe.Connectors.DatastoreConnections connections,
    Lethe.Processors.SubProcessorNotices subProcessors)
{
    private const string RecentKind = "data-map";

    public async Task<DataMapRevision?> CurrentAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.DataMapRevisions.AsNoTracking().OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The data map in force as read at most <paramref name="maxAge"/> ago, for hot read paths; this server's own imports
    /// are seen at once.
    /// </summary>
    public Task<DataMapInForce?> InForceAsync(Tenant tenant, TimeSpan maxAge, CancellationToken cancellationToken) =>
        recent.GetAsync(RecentKind, tenant.Id, maxAge, () => InForceAsync(tenant, cancellationToken));

    /// <summary>The revision in force and its manifest, read once per revision; null when the tenant has none yet.</summary>
    public async Task<DataMapInForce?> InForceAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var id = await db.DataMapRevisions.OrderByDescending(r => r.Revision).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is not { } revisionId)
        {
            return null;
        }

        if (cache.Find(revisionId) is { } known && known.Revision.TenantId == tenant.Id)
        {
            return known;
        }

        var revision = await db.DataMapRevisions.AsNoTracking().SingleAsync(r => r.Id == revisionId, cancellationToken);
        var read = ManifestReader.Read(revision.Yaml, $"{tenant.Slug}.yaml", storedRevision: true);
        if (!read.IsValid)
        {
            throw new InvalidOperationException($"Stored revision {revision.Revision} of {tenant.Slug} no longer validates: {read.Errors[0]}");
        }

        var inForce = new DataMapInForce(revision, read);
        cache.Keep(inForce);
        return inForce;
    }

    /// <summary>The manifest in force; null when the tenant has none yet.</summary>
    public async Task<Manifest?> CurrentManifestAsync(Tenant tenant, CancellationToken cancellationToken) =>
        (await InForceAsync(tenant, cancellationToken))?.Manifest;

    /// <summary>
    /// Reads a manifest as the tenant's: besides the manifest's own rules, every datastore reference must be one the
    /// tenant may use (its own secrets, its own folder, variables the operator allowed it), so a data map that points at
    /// Lethe's own database or keys is refused with the field and line that does.
    /// </summary>
    public ManifestReadResult Read(Tenant tenant, string yaml, string fileName) =>
        ManifestReader.Read(yaml, fileName, reference => connections.Boundary.Check(tenant.Slug, reference) is { } verdict ? (verdict.Message, verdict.Final) : null);

    /// <summary>
    /// Validates <paramref name="yaml"/> and says what importing it would change, storing nothing: the officer confirms
    /// with the revision the preview was made against, so a data map changed by someone else in between is not overwritten
    /// unseen (<see cref="ImportAsync"/>'s <c>expectedRevision</c>).
    /// </summary>
    public async Task<Outcome<DataMapPreview>> PreviewAsync(Tenant tenant, string yaml, string fileName, CancellationToken cancellationToken)
    {
        var read = Read(tenant, yaml, fileName);
        if (!read.IsValid)
        {
            return new InvalidManifest(read.Errors);
        }

        var inForce = await InForceAsync(tenant, cancellationToken);
        var changes = ManifestChanges.Between(inForce?.Manifest, read.Manifest!);
        return new DataMapPreview(inForce?.Revision.Revision ?? 0, inForce?.Revision.Yaml ?? "", ManifestWriter.Write(read.Manifest!), changes, read.Warnings);
    }

    /// <summary>Validates <paramref name="yaml"/> and stores it as the next revision; an unchanged manifest stores nothing.</summary>
    /// <param name="expectedRevision">
    /// The revision in force when the officer looked at the preview (0 for none); null to import whatever is in force.
    /// When another revision was imported since, nothing is stored and the officer is asked to look again.
    /// </param>
    public async Task<Outcome<DataMapImported>> ImportAsync(
        Tenant tenant, AuditActor actor, string yaml, string fileName, CancellationToken cancellationToken, int? expectedRevision = null)
    {
        var read = Read(tenant, yaml, fileName);
        if (!read.IsValid)
        {
            return new InvalidManifest(read.Errors);
        }

        var canonical = ManifestWriter.Write(read.Manifest!);
        var current = await CurrentAsync(tenant, cancellationToken);
        if (expectedRevision is { } expected && (current?.Revision ?? 0) != expected)
        {
            return new Conflict(
                $"The data map changed while you were looking: revision {current?.Revision ?? 0} is now in force, not {expected}. Look at what your file changes against it, then confirm again.");
        }
        if (current is not null && current.Yaml == canonical)
        {
            return new DataMapImported(current, read.Warnings);
        }

        var revision = new DataMapRevision
        {
            TenantId = tenant.Id,
            Revision = (current?.Revision ?? 0) + 1,
            Yaml = canonical,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = actor.Name,
        };
        var m = read.Manifest!;
        // A sub-processor added or replaced opens its notice to the customers served, in the same unit of work as the revision.
        var before = current is null ? null : (await InForceAsync(tenant, cancellationToken))?.Manifest;
        var opened = await subProcessors.OpenAsync(tenant, actor, before, m, revision.Revision, cancellationToken);
        scope.Enter(tenant.Id);
        db.DataMapRevisions.Add(revision);
        await audit.SaveChangesAsync([new AuditEvent(actor, AuditActions.DataMapImported, tenant.Id, $"data-map:{revision.Revision}",
            new Dictionary<string, string?>
            {
                ["sha256"] = revision.Sha256,
                ["systems"] = m.Systems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["activities"] = m.Activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), .. opened], cancellationToken);
        recent.Forget(RecentKind, tenant.Id);
        return new DataMapImported(revision, read.Warnings);
    }
}

/// <summary>The data map in force: its revision and the manifest read from it.</summary>
public sealed record DataMapInForce(DataMapRevision Revision, ManifestReadResult Read)
{
    public Manifest Manifest => Read.Manifest!;
}

/// <summary>
/// What importing a manifest would do: the revision it was compared with (0 when the tenant has none), that revision's
/// manifest and the new one as each is stored (so every changed line can be shown), the differences that change what
/// Lethe does, and where the law disagrees with the new one.
/// </summary>
public sealed record DataMapPreview(
    int AgainstRevision, string Before, string After, IReadOnlyList<ManifestChange> Changes, IReadOnlyList<ManifestError> Warnings)
{
    /// <summary>Importing would store nothing: the new manifest is the one in force, written differently at most.</summary>
    public bool ChangesNothing => Before == After;
}

/// <summary>The revision an import left in force, and where the manifest is valid but the law says otherwise.</summary>
public sealed record DataMapImported(DataMapRevision Revision, IReadOnlyList<ManifestError> Warnings);
