using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Scanning;

/// <summary>A tenant's scans and their findings, as the console, the API and the CLI show them.</summary>
public sealed class ScanQueries(LetheDbContext db, TenantScope scope)
{
    /// <summary>One scan of the tenant; null when it has no such scan.</summary>
    public async Task<ScanReport?> FindAsync(Tenant tenant, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.ScanRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } run ? await ReportAsync(run, ct) : null;
    }

    /// <summary>The tenant's newest scan; null before the first.</summary>
    public async Task<ScanReport?> LatestAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.ScanRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct) is { } run ? await ReportAsync(run, ct) : null;
    }

    private async Task<ScanReport> ReportAsync(ScanRun run, CancellationToken ct)
    {
        var tables = await db.ScanTables.AsNoTracking().Where(t => t.RunId == run.Id).ToListAsync(ct);
        var findings = await db.ScanFindings.AsNoTracking().Where(f => f.RunId == run.Id).ToListAsync(ct);
        return new ScanReport(
            run,
            tables.OrderBy(t => t.Datastore, StringComparer.Ordinal).ThenBy(t => t.Table, StringComparer.Ordinal).ToList(),
            findings.OrderByDescending(f => f.Confidence).ThenByDescending(f => f.Matches)
                .ThenBy(f => f.Datastore, StringComparer.Ordinal).ThenBy(f => f.Table, StringComparer.Ordinal).ThenBy(f => f.Column, StringComparer.Ordinal).ToList());
    }
}
