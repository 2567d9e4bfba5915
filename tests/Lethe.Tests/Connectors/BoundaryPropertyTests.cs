using Lethe.Connectors;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Connectors;

/// <summary>
/// Property: no reference a tenant can write resolves to Lethe's own store or keys. References are generated from the
/// pieces attacks are made of (dots, slashes, Lethe's file and setting names, other tenants' folders, links, NULs), and
/// each is resolved as the engine would; whatever comes back must lie in the tenant's own folder or be a value the
/// operator allowed — never Lethe's database, key file or data directory.
/// </summary>
public sealed class BoundaryPropertyTests
{
    private static readonly string[] Pieces =
    [
        "..", ".", "", "/", "//", "lethe.db", "lethe.db-wal", "keys", "key-ring.key", "datastores", "mallory", "victim",
        "demo", "x.db", "%2e%2e", "\\..\\", "\0", "~", "link", "up", "LETHE_CONNECTION", "LETHE_DATA", "Lethe__KeyFile",
        "Lethe:KeyFile", "Lethe:Connection", "LETHE_TEST_ALLOWED", "PATH", "HOME", "ConnectionStrings:Default", "*",
    ];

    private static readonly string[] Prefixes = ["data:", "env:", "config:", "secret:", "DATA:", "file:", ""];

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task No_generated_reference_resolves_to_Lethes_own_store_or_keys(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("mallory");
        await db.CreateTenantAsync("victim");
        var dataDir = db.Settings.DataDirectory;
        var folder = Path.Combine(dataDir, OwnStore.DatastoreFolder, "mallory");
        var victim = Path.Combine(dataDir, OwnStore.DatastoreFolder, "victim");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(victim);
        await File.WriteAllTextAsync(Path.Combine(victim, "x.db"), "");
        await File.WriteAllTextAsync(Path.Combine(folder, "x.db"), "");
        File.CreateSymbolicLink(Path.Combine(folder, "link"), Path.Combine(dataDir, StorageSettings.SqliteFileName));
        Directory.CreateSymbolicLink(Path.Combine(folder, "up"), dataDir);
        // Operator-allowed variables (LETHE_TEST_*) that hold Lethe's own connection: the open-time guard's business, tested
        // apart; here the variable holds an innocent value, so a resolution to Lethe's own store can only come from the boundary.
        Environment.SetEnvironmentVariable("LETHE_TEST_ALLOWED", "Data Source=" + Path.Combine(Path.GetTempPath(), "elsewhere.db"));
        await using var scope = db.Scope();
        var connections = await db.Services.GetRequiredService<DatastoreConnections>().ForTenantAsync(
            scope.ServiceProvider.GetRequiredService<LetheDbContext>(), tenant.Id, default);
        var own = db.Services.GetRequiredService<OwnStore>();
        var random = new Random(20261202);
        var resolved = 0;

        foreach (var reference in Generate(random, 4000))
        {
            string value;
            try
            {
                value = connections.ConnectionString(reference, "crm.db");
            }
            catch (DatastoreProblem)
            {
                continue;
            }

            resolved++;
            value.ShouldNotBe(db.Settings.ConnectionString, reference);
            value.ShouldNotContain(dataDir + Path.DirectorySeparatorChar + "keys", Case.Sensitive, reference);
            var file = new SqliteConnectionStringBuilder(value).DataSource;
            own.Refuses(file).ShouldBeNull(reference);
            if (RealPath.IsWithin(file, dataDir))
            {
                RealPath.IsWithin(file, folder).ShouldBeTrue($"{reference} resolved to {file}, outside the tenant's folder");
            }
        }

        // The property is not vacuous: the tenant's own file and the allowed variable do resolve.
        resolved.ShouldBeGreaterThan(0);
        connections.ConnectionString("data:x.db", "crm.db").ShouldContain(folder);
    }

    private static IEnumerable<string> Generate(Random random, int count)
    {
        yield return "data:x.db";
        yield return "env:LETHE_TEST_ALLOWED";
        for (var i = 0; i < count; i++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]);
            var separator = random.Next(3) switch { 0 => "/", 1 => "", _ => ":" };
            yield return Prefixes[random.Next(Prefixes.Length)] + string.Join(separator, parts);
        }
    }
}
