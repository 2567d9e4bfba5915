using System.Data.Common;
using System.Text.Json;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Retention;

/// <summary>
/// What retention needs of a tenant on one day: the data map in force, the rules Lethe sweeps, the holds in force and
/// the people whose rows stay (held people, people with an open request). Plans and runs read it the same way.
/// </summary>
public sealed class RetentionScope
{
    private readonly Dictionary<string, Dictionary<string, List<object>>> _heldRows = new(StringComparer.Ordinal);

    private RetentionScope(Manifest manifest, DateOnly today, IReadOnlyList<RetentionHold> holds, IReadOnlyList<IReadOnlyCollection<Identity>> people)
    {
        Manifest = manifest;
        Today = today;
        Holds = holds;
        People = people;
        (Targets, NotSwept) = RetentionTarget.Of(manifest);
    }

    public Manifest Manifest { get; }

    public DateOnly Today { get; }

    public IReadOnlyList<RetentionTarget> Targets { get; }

    public IReadOnlyList<(RetentionRule Rule, Lethe.Localization.Said Reason)> NotSwept { get; }

    /// <summary>Holds in force on <see cref="Today"/>.</summary>
    public IReadOnlyList<RetentionHold> Holds { get; }

    public IReadOnlyList<IReadOnlyCollection<Identity>> People { get; }

    public static async Task<RetentionScope?> LoadAsync(LetheDbContext db, DataMapCommands dataMap, Tenancy.Tenant tenant, DateOnly today, CancellationToken ct)
    {
        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest)
        {
            return null;
        }

        var holds = await ErasureHolds.InForceAsync(db, tenant.Id, today, ct);
        var people = holds.Where(h => h.Scope == HoldScope.Person && h.IdentitiesJson is not null).Select(h => h.IdentitiesJson!).ToList();
        people.AddRange(await db.Requests.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.TenantId == tenant.Id && r.CompletedAt == null).Select(r => r.IdentitiesJson).ToListAsync(ct));
        // An open request holds its person's rows by the identities checked so far; one typed beside an address and not
        // checked (Identity.Unverified) may be a stranger's, whose rows it must not search or hold.
        var identities = people.Select(p => (IReadOnlyCollection<Identity>)Identity.Searchable(JsonSerializer.Deserialize<List<Identity>>(p) ?? []))
            .Where(p => p.Count > 0).ToList();
        return new RetentionScope(manifest, today, holds, identities);
    }

    public DateOnly Cutoff(RetentionTarget target) => target.Cutoff(Today, Manifest.Organization.FinancialYearEnd);

    /// <summary>The hold that keeps every row of the target (the tenant's, or its collection's), if any.</summary>
    public RetentionHold? WholeHold(RetentionTarget target) =>
        Holds.FirstOrDefault(h => h.Scope == HoldScope.Tenant)
        ?? Holds.FirstOrDefault(h => h.Scope == HoldScope.Collection && h.Collection == target.CollectionPath);

    /// <summary>Keys of the target's rows that belong to held people, found once per datastore.</summary>
    public async Task<IReadOnlyCollection<object>> HeldKeysAsync(DbConnection connection, RetentionTarget target, CancellationToken ct)
    {
        if (!_heldRows.TryGetValue(target.Datastore, out var rows))
        {
            rows = People.Count == 0 ? [] : await PersonHolds.FindAsync(connection, target.Datastore, target.Store, People, ct);
            _heldRows[target.Datastore] = rows;
        }

        return rows.TryGetValue(target.Collection.Name, out var keys) ? keys.Distinct().ToList() : [];
    }

    /// <summary>An open connection to the target's datastore and the SQL of its rule, checked against the live schema.</summary>
    public static async Task<(DbConnection Connection, RetentionSql Sql)> OpenAsync(
        TenantConnections connections, Manifest manifest, RetentionTarget target, DateOnly today, CancellationToken ct)
    {
        var connectionString = connections.ConnectionString(target.Store.Connection, target.Datastore);
        var connection = await connections.OpenAsync(target.Store, target.Datastore, connectionString, ct);
        try
        {
            var schema = await LiveSchema.CachedAsync(connection, connectionString, ct);
            var types = schema.Tables.SelectMany(t => t.Value.Select(c => ($"{t.Key}.{c.Name}", c.Type)))
                .ToDictionary(c => c.Item1, c => c.Type.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);
            // Rows at a chain's far end are kept while their rule's minimum runs: anchored on or after this date.
            var kept = target.HeldBy.Select(c => RetentionCutoff.FirstNotDue(today, IsoPeriod.Parse(c.Rule.Minimum!)!, c.Rule.CountFrom, manifest.Organization.FinancialYearEnd)).ToList();
            var sql = new RetentionSql(target, connection is Npgsql.NpgsqlConnection, ChangePlanner.Kinds(schema), types, kept);
            var problems = sql.Problems().ToList();
            if (problems.Count > 0)
            {
                throw new DatastoreProblem(string.Join("; ", problems));
            }

            return (connection, sql);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
